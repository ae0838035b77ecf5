from django import forms


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
