from django.apps import AppConfig


class OrientationConfig(AppConfig):
    name = "orientation"
    verbose_name = "Orientation « Qui peut m'aider ? »"
