from django import forms

from directory.models import Theme
from territories.fields import CommuneField

NATURES = [("", "Toutes"), ("financiere", "Aide financière"), ("ingenierie", "Aide en ingénierie")]
WINDOWS = [("", "Toutes les échéances"), ("30", "Clôture dans les 30 jours"),
           ("90", "Clôture dans les 3 mois")]  # fmt: skip


class AidFilterForm(forms.Form):
    """The filters of /financements/ and of its feeds; every field optional, an unknown
    value explained next to its field and ignored."""

    commune = CommuneField(label="Commune couverte", required=False)
    theme = forms.ChoiceField(label="Thème", required=False)
    nature = forms.ChoiceField(label="Nature de l'aide", required=False, choices=NATURES)
    echeance = forms.ChoiceField(label="Échéance", required=False, choices=WINDOWS)
    appel = forms.BooleanField(label="Appels à projets seulement", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].choices = [("", "Tous")] + list(
            Theme.objects.values_list("slug", "name")
        )

    def filters(self) -> dict:
        """The valid filters only: a wrong one is shown in error and left out."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name not in self.errors and value not in ("", None, False)
        }
