import datetime

from django import forms
from django.utils import timezone

from core.forms import FilterForm
from directory.forms import https_by_default
from directory.models import Theme
from territories.models import Departement

from .models import AUDIENCE_FIELDS, Audience, Event

MONTHS = 12  # months offered in the filter


class EventFilterForm(FilterForm):
    """The filters of /agenda/ and of its feeds; an unknown value is explained and ignored."""

    public = forms.ChoiceField(label="Public", required=False)
    theme = forms.ChoiceField(label="Thème", required=False)
    departement = forms.ChoiceField(label="Département", required=False)
    mois = forms.ChoiceField(label="Mois", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["public"].choices = [("", "Tous")] + list(Audience.choices)
        self.fields["theme"].choices = [("", "Tous")] + list(
            Theme.objects.values_list("slug", "name")
        )
        self.fields["departement"].choices = [("", "Tous")] + [
            (d.code, f"{d.code} — {d.name}")
            for d in Departement.objects.filter(communes__isnull=False).distinct().order_by("code")
        ]
        today = timezone.localdate().replace(day=1)
        months = []
        for n in range(MONTHS):
            year, month = divmod(today.month - 1 + n, 12)
            first = datetime.date(today.year + year, month + 1, 1)
            months.append((f"{first:%Y-%m}", f"{MONTH_NAMES[first.month - 1]} {first.year}"))
        self.fields["mois"].choices = [("", "Tous")] + months


MONTH_NAMES = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
               "septembre", "octobre", "novembre", "décembre"]  # fmt: skip


class DateTimeField(forms.DateTimeField):
    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", ["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M", "%Y-%m-%d %H:%M"])
        kwargs.setdefault(
            "error_messages",
            {"invalid": "Saisissez une date et une heure, par exemple 12/03/2027 09:30."},
        )
        super().__init__(**kwargs)


class EventForm(forms.ModelForm):
    """An event a structure publishes from its space."""

    audiences = forms.MultipleChoiceField(
        label="Publics",
        choices=Audience.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Cochez au moins un public."},
    )
    starts_at = DateTimeField(label="Début")
    ends_at = DateTimeField(label="Fin", required=False)

    class Meta:
        model = Event
        formfield_callback = https_by_default
        fields = ["title", "description", "themes", "starts_at", "ends_at",
                  "online", "place", "departement", "registration_url", "cost"]  # fmt: skip
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "themes": forms.CheckboxSelectMultiple,
        }
        labels = {
            "online": "À distance (visioconférence)",
            "registration_url": "Page d'inscription",
        }
        help_texts = {
            "place": "Par exemple : salle du conseil, mairie de Meslay-du-Maine.",
            "cost": "Par exemple : gratuit, ou 120 € par participant.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["departement"].queryset = (
            Departement.objects.filter(communes__isnull=False).distinct().order_by("code")
        )
        self.order_fields(["title", "description", "audiences"])
        if self.instance.pk:
            self.initial["audiences"] = self.instance.audiences

    def save(self, commit=True):
        event = super().save(commit=False)
        for public, name in AUDIENCE_FIELDS.items():
            setattr(event, name, public in self.cleaned_data["audiences"])
        if commit:
            event.save()
            self.save_m2m()
        return event

    def clean(self):
        data = super().clean()
        start, end = data.get("starts_at"), data.get("ends_at")
        if start and end and end < start:
            self.add_error("ends_at", "La fin suit le début.")
        if start and "starts_at" in self.changed_data and start < timezone.now():
            self.add_error("starts_at", "Cette date est passée.")
        if not data.get("online") and not data.get("place"):
            self.add_error("place", "Indiquez le lieu, ou cochez « à distance ».")
        return data
