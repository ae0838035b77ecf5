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
