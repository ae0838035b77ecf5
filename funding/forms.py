from django import forms
from django.core.validators import MaxValueValidator
from django.utils import timezone

from core.forms import DateField, EmailField, FilterForm
from core.params import LONG_TEXT, SHORT_TEXT
from directory.forms import https_by_default
from directory.models import Theme
from territories.fields import CommuneField
from territories.models import EPCI

from .models import Aid, AidAlert

NATURES = [("", "Toutes"), ("financiere", "Aide financière"), ("ingenierie", "Aide en ingénierie")]
WINDOWS = [
    ("", "Toutes les échéances"),
    ("30", "Clôture dans les 30 jours"),
    ("90", "Clôture dans les 3 mois"),
]


class AidFilterForm(FilterForm):
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


DOCUMENTS = 3  # lines of documents in the form


class LocalAidForm(forms.ModelForm):
    """A call for projects or an aid that a structure publishes itself. `territories` are the
    choices of its territory: its départements, then their intercommunalities."""

    territory = forms.MultipleChoiceField(
        label="Territoire couvert",
        widget=forms.CheckboxSelectMultiple,
        help_text="Un ou plusieurs départements, ou bien une ou plusieurs intercommunalités.",
        error_messages={"required": "Cochez le territoire que couvre l'appel ou l'aide."},
    )
    start_date = DateField(label="Ouverture", required=False)
    submission_deadline = DateField(
        label="Date limite de dépôt",
        required=False,
        help_text="Laissez vide pour une aide permanente.",
    )

    class Meta:
        model = Aid
        formfield_callback = https_by_default
        fields = [
            "name", "description", "eligibility", "for_communes", "for_epcis", "themes",
            "phases", "is_financial", "is_engineering", "is_call_for_project", "amount",
            "subvention_rate_max", "start_date", "submission_deadline", "origin_url",
            "application_url",
        ]  # fmt: skip
        labels = {
            "name": "Intitulé",
            "description": "Présentation",
            "eligibility": "Conditions et dépenses éligibles",
            "for_communes": "Ouvert aux communes",
            "for_epcis": "Ouvert aux intercommunalités",
            "themes": "Thèmes",
            "phases": "Étapes du projet visées",
            "is_financial": "Aide financière",
            "is_engineering": "Aide en ingénierie (conseil, étude, accompagnement)",
            "is_call_for_project": "C'est un appel à projets ou à manifestation d'intérêt",
            "subvention_rate_max": "Taux maximal de subvention (%)",
            "origin_url": "Page de l'appel sur votre site",
            "application_url": "Page pour candidater",
        }
        help_texts = {
            "description": "En texte simple : objectifs, projets visés, calendrier.",
            "amount": "Par exemple : jusqu'à 20 000 € par projet.",
            "phases": "Facultatif.",
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "eligibility": forms.Textarea(attrs={"rows": 4}),
            "themes": forms.CheckboxSelectMultiple,
            "phases": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, territories=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["territory"].choices = list(territories)
        self.fields["description"].max_length = LONG_TEXT
        self.fields["eligibility"].max_length = LONG_TEXT
        self.fields["themes"].required = True
        self.fields["themes"].error_messages["required"] = "Cochez au moins un thème."
        self.fields["subvention_rate_max"].validators.append(
            MaxValueValidator(100, message="Un taux ne dépasse pas 100 %%.")
        )
        for n in range(1, DOCUMENTS + 1):
            self.fields[f"document_{n}_title"] = forms.CharField(
                label=f"Document {n} : intitulé", required=False, max_length=SHORT_TEXT
            )
            self.fields[f"document_{n}_url"] = forms.URLField(
                label=f"Document {n} : adresse",
                required=False,
                assume_scheme="https",
                max_length=500,
                help_text="Le règlement, le dossier de candidature… publiés sur votre site.",
            )
        if self.instance.pk:
            self.initial["territory"] = [
                f"departement:{d.code}" for d in self.instance.departements.all()
            ] + [f"epci:{e.code}" for e in self.instance.epcis.all()]
            for n, document in enumerate(self.instance.documents[:DOCUMENTS], start=1):
                self.initial[f"document_{n}_title"] = document.get("title", "")
                self.initial[f"document_{n}_url"] = document.get("url", "")

    def clean(self):
        data = super().clean()
        if not (data.get("for_communes") or data.get("for_epcis")):
            self.add_error("for_communes", "Cochez au moins un bénéficiaire.")
        if not (data.get("is_financial") or data.get("is_engineering")):
            self.add_error(
                "is_financial",
                "Dites s'il s'agit d'une aide financière, en ingénierie, ou les deux.",
            )
        start, deadline = data.get("start_date"), data.get("submission_deadline")
        if start and deadline and deadline < start:
            self.add_error("submission_deadline", "La date limite suit la date d'ouverture.")
        moved = "submission_deadline" in self.changed_data
        if deadline and moved and deadline < timezone.localdate():
            self.add_error("submission_deadline", "Cette date est passée.")
        territory = data.get("territory") or []
        kinds = {value.split(":", 1)[0] for value in territory}
        if len(kinds) > 1:
            self.add_error(
                "territory",
                "Cochez soit des départements, soit des intercommunalités, pas les deux.",
            )
        documents = []
        for n in range(1, DOCUMENTS + 1):
            title, url = data.get(f"document_{n}_title"), data.get(f"document_{n}_url")
            if title and not url:
                self.add_error(f"document_{n}_url", "Indiquez l'adresse de ce document.")
            elif url:
                documents.append({"title": title or "Document", "url": url})
        data["documents"] = documents
        return data

    def territory_codes(self) -> tuple[str, list[str]]:
        """(« departement » or « epci », the codes) of the checked territory."""
        values = self.cleaned_data["territory"]
        kind = values[0].split(":", 1)[0]
        return kind, [value.split(":", 1)[1] for value in values]


class AidAlertForm(forms.Form):
    email = EmailField(
        label="Votre adresse électronique",
        help_text="Celle de la mairie, ou la vôtre. Elle ne sert qu'à cette alerte.",
        missing="Indiquez l'adresse à laquelle envoyer l'alerte.",
        own=True,
    )
    commune = CommuneField(label="Commune", required=False)
    epci = forms.ModelChoiceField(
        label="ou intercommunalité",
        queryset=EPCI.objects.none(),
        required=False,
        empty_label="Aucune : je choisis une commune",
        help_text="Toutes les aides ouvertes à au moins une de ses communes.",
    )
    themes = forms.ModelMultipleChoiceField(
        label="Thèmes",
        queryset=Theme.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Aucun coché : tous les thèmes.",
    )
    frequency = forms.ChoiceField(
        label="Fréquence",
        choices=AidAlert.Frequency.choices,
        initial=AidAlert.Frequency.WEEKLY,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["epci"].queryset = (
            EPCI.objects.filter(communes__isnull=False)
            .distinct()
            .defer("geometry")
            .order_by("name")
        )

    def clean(self):
        data = super().clean()
        if "commune" in self.errors or "epci" in self.errors:
            return data
        if bool(data.get("commune")) == bool(data.get("epci")):
            self.add_error(
                "commune",
                "Indiquez une commune, ou choisissez une intercommunalité (pas les deux).",
            )
        return data
