from django.apps import AppConfig


class GuideConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "guide"
    verbose_name = "guide imprimable"

    def ready(self):
        from . import checks  # noqa: F401  (registers the deploy check)
