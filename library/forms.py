from django import forms
from django.utils import timezone

from core.forms import DateField, FilterForm
from core.params import SHORT_TEXT
from directory.forms import https_by_default
from directory.models import Phase, Theme

from .models import Resource


class ResourceFilterForm(FilterForm):
    q = forms.CharField(label="Rechercher", required=False, max_length=SHORT_TEXT)
    theme = forms.ChoiceField(label="Thème", required=False)
    phase = forms.ChoiceField(label="Étape du projet", required=False)
    kind = forms.ChoiceField(label="Nature", required=False)
    public = forms.ChoiceField(label="Public", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].choices = [("", "Tous")] + list(
            Theme.objects.values_list("slug", "name")
        )
        self.fields["phase"].choices = [("", "Toutes")] + list(
            Phase.objects.values_list("slug", "name")
        )
        self.fields["kind"].choices = [("", "Toutes")] + list(Resource.Kind.choices)
        self.fields["public"].choices = [("", "Tous")] + list(Resource.Audience.choices)[1:]


class ResourceForm(forms.ModelForm):
    published_on = DateField(
        label="Publiée le",
        error_messages={"invalid": "Saisissez une date, par exemple 31/03/2026."},
    )
    review_by = DateField(
        label="À revoir avant le (facultatif)",
        required=False,
        help_text="Nous vous rappellerons de la relire à cette date.",
    )

    class Meta:
        model = Resource
        formfield_callback = https_by_default
        fields = ["title", "summary", "kind", "themes", "phases", "audience", "url",
                  "published_on", "review_by", "licence"]  # fmt: skip
        labels = {"summary": "Résumé", "url": "Adresse de la ressource"}
        help_texts = {
            "summary": "Quelques lignes ; la mise en forme Markdown est acceptée "
            "(**gras**, listes, liens).",
            "url": "Sur votre site : la ressource reste chez vous.",
            "licence": "Par exemple : Licence Ouverte 2.0, CC BY 4.0, tous droits réservés.",
        }
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 5}),
            "themes": forms.CheckboxSelectMultiple,
            "phases": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].required = True
        self.fields["themes"].error_messages["required"] = "Cochez au moins un thème."
        if self.instance.pk and self.instance.published_on is None:
            self.fields["published_on"].required = False  # « non datée » on its page: kept so

    def clean(self):
        data = super().clean()
        published, review = data.get("published_on"), data.get("review_by")
        if published and published > timezone.localdate():
            self.add_error("published_on", "Une ressource déjà publiée : une date passée.")
        if published and review and review < published:
            self.add_error("review_by", "La relecture suit la publication.")
        return data
