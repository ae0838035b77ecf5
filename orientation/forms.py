from django import forms

from directory.index import get_index

from .engine import MAX_TEXT


def _choices(known: dict, empty: str):
    ordered = sorted(known.values(), key=lambda o: (o.position, o.name))
    return [("", empty)] + [(o.slug, o.name) for o in ordered]


class ProjectForm(forms.Form):
    """Steps 2 and 3, and the results: everything travels in the URL (shareable)."""

    commune = forms.CharField(widget=forms.HiddenInput)
    q = forms.CharField(
        label="Votre projet, en quelques mots",
        help_text="Par exemple : « refaire l'éclairage public en LED », « agrandir l'école », "
        "« racheter une friche pour faire du logement ».",
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    theme = forms.ChoiceField(label="Thème (facultatif)", required=False)
    aide = forms.ChoiceField(label="Type d'aide recherché (facultatif)", required=False)
    phase = forms.ChoiceField(label="Où en est votre projet ? (facultatif)", required=False)

    def __init__(self, *args, index=None, **kwargs):
        super().__init__(*args, **kwargs)
        index = index or get_index()  # the taxonomies without a query
        self.fields["theme"].choices = _choices(index.themes, "Je ne sais pas / plusieurs")
        self.fields["aide"].choices = _choices(index.aides, "Tous types d'aide")
        self.fields["phase"].choices = _choices(index.phases, "Je ne sais pas")

    def clean(self):
        data = super().clean()
        if not (data.get("q") or "").strip() and not data.get("theme"):
            self.add_error("q", "Décrivez votre projet en quelques mots, ou choisissez un thème.")
        return data


class FeedbackForm(forms.Form):
    """« Cette réponse vous a-t-elle aidé ? » under every answer: oui / non, and optionally the
    structure expected and a short text without personal data."""

    aide = forms.ChoiceField(
        label="Cette réponse vous a-t-elle aidé ?",
        choices=[("oui", "Oui"), ("non", "Non")],
        widget=forms.RadioSelect,
        error_messages={"required": "Indiquez si la réponse vous a aidé : oui ou non."},
    )
    attendu = forms.ChoiceField(label="Qui attendiez-vous ? (facultatif)", required=False)
    precision = forms.CharField(
        label="Précisez (facultatif)",
        help_text="300 caractères au plus. N'indiquez ni nom, ni adresse électronique, ni "
        "numéro de téléphone : ils seraient effacés.",
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": "Précisez en 300 caractères au plus."},
    )

    def __init__(self, *args, structures=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendu"].choices = [("", "Je ne sais pas / une autre structure")] + [
            (s.slug, s.display_name) for s in structures
        ]
