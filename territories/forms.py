from django import forms

from directory.models import HelpKind, Theme


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
