from django import forms

from core.forms import EmailField
from core.params import LONG_TEXT
from core.validators import french_phone
from directory.models import Offre, Phase, Structure, Theme
from territories.fields import CommuneField
from territories.models import Commune

from .models import SupportRequest
from .selectors import covering_offre, covering_structure_ids


class TelInput(forms.TextInput):
    input_type = "tel"


class RequestForm(forms.Form):
    """The request of a commune. Everything typed comes back on an error; the honeypot
    `website` is hidden from people (and from screen readers) and filled only by robots."""

    commune = CommuneField(label="Votre commune")
    offres = forms.MultipleChoiceField(
        label="Structures à qui envoyer la demande",
        help_text="Vous pouvez l'envoyer à plusieurs structures à la fois.",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choisissez au moins une structure."},
    )
    project = forms.CharField(
        label="Votre projet, en quelques lignes",
        help_text="Ce que vous voulez faire, où vous en êtes, vos délais si vous les connaissez.",
        max_length=LONG_TEXT,  # the journey's text (PROJECT_TEXT) comes whole, with room to add
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Décrivez votre projet en quelques lignes."},
    )
    theme = forms.ModelChoiceField(
        label="Thème (facultatif)",
        queryset=Theme.objects.all(),
        required=False,
        to_field_name="slug",
        empty_label="Je ne sais pas / plusieurs",
    )
    phase = forms.ModelChoiceField(
        label="Où en est votre projet ? (facultatif)",
        queryset=Phase.objects.all(),
        required=False,
        to_field_name="slug",
        empty_label="Je ne sais pas",
    )
    requester_name = forms.CharField(
        label="Vos prénom et nom",
        max_length=120,
        error_messages={"required": "Indiquez vos prénom et nom."},
    )
    requester_role = forms.ChoiceField(
        label="Votre fonction",
        choices=[("", "Choisissez")] + SupportRequest.Role.choices,
        error_messages={"required": "Indiquez votre fonction."},
    )
    requester_email = EmailField(
        label="Votre adresse électronique",
        help_text="Pour recevoir le lien de suivi de votre demande. Format : nom@domaine.fr",
        missing="Indiquez votre adresse électronique.",
        own=True,
    )
    requester_phone = forms.CharField(
        label="Votre téléphone (facultatif)",
        max_length=30,
        required=False,
        validators=[french_phone],
        widget=TelInput(attrs={"autocomplete": "tel"}),
    )
    consent = forms.BooleanField(
        label="J'accepte que ces informations soient transmises aux structures choisies pour "
        "traiter ma demande.",
        help_text="Elles sont conservées 24 mois après la clôture de la demande, puis "
        "anonymisées. Voir la page « Données personnelles ».",
        error_messages={"required": "Cochez cette case pour que la demande puisse être transmise."},
    )
    share_with_epci = forms.BooleanField(
        label="Partager ma demande avec mon intercommunalité (facultatif)",
        help_text="Elle verra la commune, le thème et le projet dans son tableau de bord, "
        "pour repérer les besoins communs et proposer de mutualiser ; jamais votre nom ni "
        "vos coordonnées. Sans cette case, la demande n'y figure que dans les comptes.",
        required=False,
    )
    website = forms.CharField(required=False, label="Ne pas remplir")

    def __init__(self, *args, retention_months=24, **kwargs):
        super().__init__(*args, **kwargs)
        self.proposed: dict[str, Offre] = {}
        self.fields["consent"].help_text = self.fields["consent"].help_text.replace(
            "24", str(retention_months)
        )

    def typed_commune(self) -> Commune | None:
        """The commune typed, before validation: it decides which offers to propose."""
        value = (self.data.get("commune") or "").strip()
        return self.fields["commune"].resolve(value)[0] if value else None

    def propose(self, offres: list[Offre]) -> None:
        """The offers the request may go to: the one chosen first, and the others covering
        the commune."""
        self.proposed = {offre.slug: offre for offre in offres}
        self.fields["offres"].choices = [
            (offre.slug, f"{offre.structure.display_name} — {offre.title}") for offre in offres
        ]

    @property
    def commune_matches(self) -> list[Commune]:
        return self.fields["commune"].matches

    @property
    def chosen(self) -> list[Offre]:
        return [self.proposed[slug] for slug in self.cleaned_data["offres"]]

    def clean(self):
        data = super().clean()
        commune, slugs = data.get("commune"), data.get("offres")
        if commune and slugs:
            outside = [
                self.proposed[slug]
                for slug in slugs
                if not covering_offre(self.proposed[slug], commune)
            ]
            if outside:
                titles = ", ".join(f"« {offre.title} »" for offre in outside)
                self.add_error(
                    "offres", f"Ces offres ne couvrent pas {commune.name} : {titles}. Décochez-les."
                )
        return data

    def clean_project(self):
        value = self.cleaned_data["project"].strip()
        if len(value) < 10:
            raise forms.ValidationError("Décrivez votre projet en une phrase au moins.")
        return value


class MessageForm(forms.Form):
    body = forms.CharField(
        label="Votre message",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Écrivez votre message."},
    )


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(
        label="Issue de la demande",
        choices=[("", "Choisissez")] + SupportRequest.Outcome.choices,
        error_messages={"required": "Choisissez l'issue de la demande."},
    )


class RerouteForm(forms.Form):
    structure = forms.ModelChoiceField(
        label="Structure plus adaptée",
        queryset=Structure.objects.order_by("name"),
        to_field_name="slug",
        empty_label="Choisissez une structure",
        error_messages={
            "required": "Choisissez la structure vers qui réorienter la demande.",
            "invalid_choice": "Cette structure n'existe pas.",
        },
    )

    def __init__(self, *args, support_request=None, **kwargs):
        super().__init__(*args, **kwargs)
        if support_request is not None:  # the structures whose offers cover the commune
            ids = covering_structure_ids(support_request.commune) - {support_request.structure_id}
            self.fields["structure"].queryset = Structure.objects.filter(pk__in=ids).order_by(
                "name"
            )

    note = forms.CharField(
        label="Message pour le demandeur et la structure (facultatif)",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
