from django import forms

from core.forms import EmailField


class LoginForm(forms.Form):
    email = EmailField(
        label="Votre adresse électronique",
        help_text="Nous vous envoyons un lien de connexion, sans mot de passe. "
        "Format : nom@domaine.fr",
        missing="Indiquez votre adresse électronique.",
        own=True,
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput)
