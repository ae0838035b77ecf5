from django.apps import AppConfig


class PeersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "peers"
    verbose_name = "Réalisations des communes"
