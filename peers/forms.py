from django import forms

from core.params import LONG_TEXT, SHORT_TEXT
from territories.fields import CommuneField


class TownHallMessageForm(forms.Form):
    """A question to the town hall that carried out a réalisation, relayed by e-mail."""

    name = forms.CharField(
        label="Votre nom", max_length=SHORT_TEXT,
        error_messages={"required": "Indiquez votre nom : la mairie saura qui lui écrit."},
    )  # fmt: skip
    role = forms.CharField(
        label="Votre fonction", max_length=SHORT_TEXT, required=False,
        help_text="Par exemple : maire, adjointe, secrétaire de mairie.",
    )  # fmt: skip
    commune = CommuneField(label="Votre commune", required=False)
    email = forms.EmailField(
        label="Votre adresse électronique",
        max_length=254,
        help_text="La mairie vous répond à cette adresse ; personne d'autre ne la voit.",
        error_messages={
            "required": "Indiquez l'adresse à laquelle la mairie vous répondra.",
            "invalid": "Saisissez une adresse valide, par exemple mairie@exemple.fr.",
        },
    )
    message = forms.CharField(
        label="Votre message",
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Écrivez votre question en quelques lignes."},
    )
