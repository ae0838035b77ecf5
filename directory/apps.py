from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "directory"
    verbose_name = "Annuaire de l'ingénierie"

    def ready(self):
        from . import revision

        revision.connect()
