"""The forms of the signed-in spaces: a structure's fiche and offers (the models' rules, as for
the seed files), proposals, members, an elected official's access."""

from django import forms

from accounts.models import Membership
from core.forms import EmailField
from directory.forms import https_by_default
from directory.models import Offre, Structure
from directory.seed import Validator
from support.models import SupportRequest
from territories.fields import CommuneField
from territories.models import Departement

STRUCTURE_FIELDS = [
    "name", "acronym", "description", "seat_town", "website", "contact_phone", "contact_email",
    "contact_url", "postal_address", "opening_hours", "accepts_email_requests",
]  # fmt: skip


OFFRE_FIELDS = [
    "title", "summary", "themes", "help_kinds", "phases", "cost", "conditions_details",
    "how_to_ask", "for_communes", "for_epcis", "population_min", "population_max",
    "members_only",
]  # fmt: skip


class StructureForm(forms.ModelForm):
    class Meta:
        model = Structure
        formfield_callback = https_by_default
        fields = STRUCTURE_FIELDS
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "postal_address": forms.Textarea(attrs={"rows": 3}),
            "opening_hours": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "contact_email": "Une adresse fonctionnelle (accueil@…), "
            "jamais une adresse nominative.",
            "contact_phone": "Le standard, par exemple 02 43 00 00 00.",
            "postal_address": "Sur plusieurs lignes, comme sur une enveloppe.",
            "opening_hours": "Par exemple : du lundi au vendredi, 9 h – 12 h et 14 h – 17 h.",
        }

    def clean(self):
        data = super().clean()
        if data.get("accepts_email_requests") and not data.get("contact_email"):
            self.add_error(
                "accepts_email_requests",
                "Indiquez l'adresse de contact à laquelle envoyer les demandes.",
            )
        return data


class NewStructureForm(StructureForm):
    """A structure not yet in the directory, proposed by one of its agents."""

    class Meta(StructureForm.Meta):
        fields = ["name", "acronym", "kind", *STRUCTURE_FIELDS[2:-1]]  # requests: once joined

    departement = forms.ChoiceField(
        label="Département où la structure intervient",
        help_text="L'équipe de la plateforme de ce département relira la fiche.",
    )
    source = forms.URLField(
        label="Page publique qui présente la structure",
        help_text="Son site, ou un texte officiel : la fiche cite toujours sa source.",
        assume_scheme="https",
        error_messages={
            "required": "Indiquez une page publique qui présente la structure.",
            "invalid": "Saisissez une adresse web valide, par exemple https://www.exemple.fr.",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["departement"].choices = [("", "Choisissez")] + [
            (d.code, f"{d.code} — {d.name}")
            for d in Departement.objects.filter(communes__isnull=False).distinct().order_by("code")
        ]


class OffreForm(forms.ModelForm):
    class Meta:
        model = Offre
        fields = OFFRE_FIELDS
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 5}),
            "conditions_details": forms.Textarea(attrs={"rows": 3}),
            "how_to_ask": forms.Textarea(attrs={"rows": 3}),
            "themes": forms.CheckboxSelectMultiple,
            "help_kinds": forms.CheckboxSelectMultiple,
            "phases": forms.CheckboxSelectMultiple,
        }


class ProposalForm(OffreForm):
    scope = forms.ChoiceField(
        label="Territoire couvert",
        choices=[
            ("departements", "Département(s)"),
            ("epcis", "Intercommunalité(s)"),
            ("communes", "Communes"),
            ("regions", "Région(s)"),
            ("france", "France entière"),
        ],
    )
    codes = forms.CharField(
        label="Codes du territoire",
        help_text="Codes officiels séparés par des virgules : 53 pour la Mayenne, un numéro "
        "SIREN pour une intercommunalité, un code INSEE pour une commune. Vide pour la France.",
        required=False,
        max_length=2000,
    )

    def seed_record(self) -> dict:
        """The proposal's payload: an offer in the seed files' format."""
        data = self.cleaned_data
        record = {name: data[name] for name in OFFRE_FIELDS if data.get(name) is not None}
        record["themes"] = [t.slug for t in record.pop("themes")]
        record["aides"] = [t.slug for t in record.pop("help_kinds")]
        record["phases"] = [t.slug for t in record.pop("phases")]
        record["territory"] = self.territory()
        return record

    def territory(self) -> dict:
        scope = self.cleaned_data.get("scope", "departements")
        if scope == "france":
            return {"france": True}
        codes = [c.strip() for c in (self.cleaned_data.get("codes") or "").split(",") if c.strip()]
        return {scope: codes}

    def clean(self):
        data = super().clean()
        validator = Validator.for_database()
        validator.territory("formulaire", self.territory())
        for _name, message in validator.by_field:
            self.add_error("codes", message[:1].upper() + message[1:])
        return data


class MemberForm(forms.Form):
    email = EmailField(
        label="Adresse électronique du nouveau membre",
        missing="Indiquez l'adresse électronique du nouveau membre.",
    )
    role = forms.ChoiceField(
        label="Rôle",
        choices=[
            (Membership.Role.MEMBER, "Membre : traite les demandes, met à jour la fiche"),
            (Membership.Role.ADMIN, "Administrateur : gère aussi les membres"),
        ],
    )


class PublicContactForm(forms.ModelForm):
    """What a member chooses to show of themselves on the public fiche."""

    class Meta:
        model = Membership
        fields = ["public_name", "public_role", "public_phone", "public_email"]
        help_texts = {
            "public_name": "Tel qu'il apparaîtra, par exemple « Claire Martin ».",
            "public_role": "Par exemple « chargée de mission urbanisme ».",
            "public_phone": "Votre ligne professionnelle, si vous souhaitez être appelé.",
            "public_email": "Votre adresse professionnelle, si vous souhaitez qu'on vous écrive.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["public_name"].required = True
        self.fields["public_name"].error_messages["required"] = (
            "Indiquez le nom à afficher, ou ne publiez rien."
        )


class CommuneAccessForm(forms.Form):
    commune = CommuneField(label="Votre commune")
    role = forms.ChoiceField(
        label="Votre fonction",
        choices=[("", "Choisissez")]
        + [c for c in SupportRequest.Role.choices if c[0] != "agent-epci"],
        error_messages={"required": "Indiquez votre fonction."},
    )


class ReportForm(forms.Form):
    """« Signaler une erreur »: what is wrong, and an address only if an answer is wanted."""

    description = forms.CharField(
        label="Qu'est-ce qui est inexact ou manquant ?",
        help_text="Par exemple : le site a changé, l'offre n'existe plus, la commune n'est pas "
        "couverte. 2 000 caractères au plus.",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": "Décrivez l'erreur en quelques mots.",
            "max_length": "Décrivez l'erreur en 2 000 caractères au plus.",
        },
    )
    email = EmailField(
        label="Votre adresse électronique (facultatif)",
        help_text="Seulement si vous souhaitez une réponse ; elle est effacée une fois la "
        "réponse envoyée.",
        required=False,
        own=True,
    )
