from django.apps import AppConfig


class FundingConfig(AppConfig):
    name = "funding"
    verbose_name = "Financements et appels à projets"

    def ready(self):
        from . import index

        index.connect()
