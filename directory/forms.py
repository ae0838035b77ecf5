from django import forms

from core.text import normalize
from territories.models import Commune

from .models import HelpKind, Phase, Structure, Theme


class DirectoryFilterForm(forms.Form):
    """The directory filters; every field optional, unknown values reported, never a crash."""

    q = forms.CharField(label="Mots-clés", required=False, max_length=100)
    theme = forms.ChoiceField(label="Thème", required=False)
    aide = forms.ChoiceField(label="Type d'aide", required=False)
    phase = forms.ChoiceField(label="Phase du projet", required=False)
    nature = forms.ChoiceField(
        label="Nature de la structure",
        required=False,
        choices=[("", "Toutes")] + list(Structure.Kind.choices),
    )
    commune = forms.CharField(
        label="Commune couverte",
        required=False,
        max_length=100,
        help_text="Nom, code postal ou code INSEE.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].choices = [("", "Tous")] + [
            (t.slug, t.name) for t in Theme.objects.all()
        ]
        self.fields["aide"].choices = [("", "Toutes")] + [
            (h.slug, h.name) for h in HelpKind.objects.all()
        ]
        self.fields["phase"].choices = [("", "Toutes")] + [
            (p.slug, p.name) for p in Phase.objects.all()
        ]

    def clean_commune(self):
        value = self.cleaned_data["commune"].strip()
        if not value:
            return None
        exact = Commune.objects.filter(code=value).first()
        if exact:
            return exact
        matches = Commune.objects.search(value, limit=5)
        if not matches:
            raise forms.ValidationError(
                "Aucune commune ne correspond à « %(value)s ». Vérifiez l'orthographe ou "
                "saisissez le code postal.",
                params={"value": value},
            )
        exact = [c for c in matches if c.search_name == normalize(value)]
        if len(exact) == 1 or len(matches) == 1:
            return (exact or matches)[0]
        raise forms.ValidationError(
            "Plusieurs communes correspondent à « %(value)s » : précisez le nom complet "
            "ou saisissez le code INSEE.",
            params={"value": value},
        )


class MapFilterForm(forms.Form):
    theme = forms.ChoiceField(label="Thème", required=False)
    aide = forms.ChoiceField(label="Type d'aide", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].choices = [("", "Tous les thèmes")] + list(
            Theme.objects.values_list("slug", "name")
        )
        self.fields["aide"].choices = [("", "Tous les types d'aide")] + list(
            HelpKind.objects.values_list("slug", "name")
        )
