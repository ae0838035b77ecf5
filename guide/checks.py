from django.core.checks import Warning, register

from . import render


@register(deploy=True)
def pango_for_the_guide(app_configs, **kwargs):
    """The printable guides need the system's Pango (`check --deploy` says so before users
    do)."""
    if render.available():
        return []
    return [
        Warning(
            "WeasyPrint ne trouve pas la bibliothèque Pango : les guides imprimables (PDF) "
            "répondront « indisponible ».",
            hint="apt-get install libpango-1.0-0 libpangoft2-1.0-0 (Debian, Ubuntu).",
            id="guide.W001",
        )
    ]
