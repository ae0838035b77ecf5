from django import forms
from django.conf import settings
from django.db import models

from territories import site
from territories.fields import CommuneField
from territories.models import Departement

from .models import HelpKind, Phase, Structure, Theme


def https_by_default(field, **kwargs):
    """« www.caue53.fr » typed without a scheme means https://."""
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


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
    commune = CommuneField(label="Commune couverte", required=False)
    departement = forms.ChoiceField(label="Département", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        codes = list(settings.SITE_DEPARTEMENTS)
        if len(codes) == 1 and not site.serves_all():  # one département: no filter to show
            served = [(codes[0], codes[0])]
        else:
            served = [
                (d.code, f"{d.code} — {d.name}")
                for d in Departement.objects.filter(code__in=site.served_codes()).order_by("code")
            ]
        self.fields["departement"].choices = [("", "Tous"), *served]
        self.fields["theme"].choices = [("", "Tous")] + [
            (t.slug, t.name) for t in Theme.objects.all()
        ]
        self.fields["aide"].choices = [("", "Toutes")] + [
            (h.slug, h.name) for h in HelpKind.objects.all()
        ]
        self.fields["phase"].choices = [("", "Toutes")] + [
            (p.slug, p.name) for p in Phase.objects.all()
        ]


MEASURES = [
    ("propres", "Offres propres au territoire de la commune"),
    ("toutes", "Toutes les offres, départementales et nationales comprises"),
]


class MapFilterForm(forms.Form):
    mesure = forms.ChoiceField(label="Mesure", required=False, choices=MEASURES)
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
