"""One commune field for every form where a person types a commune (help request, directory
filter, an elected official's access): the same input gives the same answer and the same
French message everywhere. The rule is `Commune.objects.resolve`."""

from django import forms

from .models import MAX_COMMUNE_QUERY, Commune


def no_match_message(value: str) -> str:
    return (
        f"Aucune commune ne correspond à « {value} ». Vérifiez l'orthographe ou saisissez le "
        "code postal."
    )


def several_message(value: str) -> str:
    return (
        f"Plusieurs communes correspondent à « {value} » : précisez le nom complet, ou saisissez "
        "le code postal ou le code INSEE."
    )


class CommuneField(forms.CharField):
    """A commune by its INSEE code, its postal code or its name. When several communes
    answer, `matches` holds them, for the page to offer."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", MAX_COMMUNE_QUERY)
        kwargs.setdefault("help_text", "Nom, code postal ou code INSEE.")
        kwargs.setdefault("error_messages", {"required": "Indiquez votre commune."})
        super().__init__(**kwargs)
        self.matches: list[Commune] = []
        self._resolved: tuple[str, tuple] | None = None

    def resolve(self, value: str) -> tuple[Commune | None, list[Commune]]:
        """`Commune.objects.resolve`, once per value (a page may ask before validating)."""
        value = value.strip()
        if self._resolved is None or self._resolved[0] != value:
            self._resolved = (value, Commune.objects.resolve(value))
        return self._resolved[1]

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        commune, self.matches = self.resolve(value)
        if commune is not None:
            return commune
        if not self.matches:
            raise forms.ValidationError(no_match_message(value), code="unknown")
        raise forms.ValidationError(several_message(value), code="ambiguous")
