from django import forms

from support.models import SupportRequest
from territories.models import Commune


class LoginForm(forms.Form):
    email = forms.EmailField(
        label="Votre adresse électronique",
        help_text="Nous vous envoyons un lien de connexion, sans mot de passe. "
        "Format : nom@domaine.fr",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": "Indiquez votre adresse électronique.",
            "invalid": "Saisissez une adresse électronique valide, par exemple nom@domaine.fr.",
        },
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput)


class MemberForm(forms.Form):
    email = forms.EmailField(
        label="Adresse électronique du nouveau membre",
        max_length=254,
        error_messages={
            "required": "Indiquez l'adresse électronique du nouveau membre.",
            "invalid": "Saisissez une adresse électronique valide, par exemple nom@domaine.fr.",
        },
    )
    role = forms.ChoiceField(
        label="Rôle",
        choices=[
            ("member", "Membre : traite les demandes, met à jour la fiche"),
            ("admin", "Administrateur : gère aussi les membres"),
        ],  # fmt: skip
    )


class CommuneAccessForm(forms.Form):
    commune = forms.CharField(
        label="Votre commune",
        help_text="Code INSEE ou code postal.",
        max_length=100,
        error_messages={"required": "Indiquez votre commune."},
    )
    role = forms.ChoiceField(
        label="Votre fonction",
        choices=[("", "Choisissez")]
        + [c for c in SupportRequest.Role.choices if c[0] != "agent-epci"],
        error_messages={"required": "Indiquez votre fonction."},
    )

    def clean_commune(self):
        value = self.cleaned_data["commune"].strip()
        commune, _ = Commune.objects.resolve(value)
        if commune is None:
            raise forms.ValidationError(
                f"« {value} » ne désigne pas une seule commune : saisissez son code INSEE."
            )
        return commune
