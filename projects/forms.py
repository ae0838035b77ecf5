"""The project's forms. Every message is French and says what to do; nothing typed is lost
(the page is shown again with the values)."""

import re

from django import forms
from django.conf import settings
from django.core.validators import MaxValueValidator
from django.utils import timezone

from core import files
from core.forms import EmailField
from core.params import LONG_TEXT, MEDIUM_TEXT, SHORT_TEXT
from directory.forms import https_by_default
from directory.models import Structure, Theme
from territories.fields import CommuneField, no_match_message, several_message

from .models import (
    DigestChoice,
    Document,
    FinancingLine,
    Follower,
    Milestone,
    Project,
    Recommendation,
)

MAX_CARRIERS = 30  # communes carrying one project


class ProjectForm(forms.ModelForm):
    commune = CommuneField(
        label="Commune porteuse",
        help_text="Nom, code postal ou code INSEE de la commune qui porte le projet.",
        error_messages={"required": "Indiquez la commune qui porte le projet."},
    )
    other_communes = forms.CharField(
        label="Autres communes porteuses (facultatif)",
        required=False,
        max_length=MEDIUM_TEXT,
        help_text="Pour un projet mené à plusieurs : une commune par ligne (nom, code postal "
        "ou code INSEE). Leurs élus et agents confirmés verront et modifieront le projet.",
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    carried_by_epci = forms.BooleanField(
        label="Le projet est porté par l'intercommunalité",
        required=False,
        help_text="Ses agents membres de Carto'Ingé le verront et le modifieront.",
    )
    budget = forms.IntegerField(
        label="Budget estimé (euros HT, facultatif)",
        required=False,
        min_value=0,
        max_value=10**12,
        error_messages={
            "invalid": "Saisissez un montant en euros, en chiffres, sans espace ni symbole.",
            "min_value": "Un budget ne peut pas être négatif.",
            "max_value": "Ce montant semble trop élevé : vérifiez-le.",
        },
    )

    class Meta:
        model = Project
        fields = ["name", "description", "themes", "maturity", "budget", "perimeter", "partners"]
        labels = {
            "name": "Nom du projet",
            "description": "Votre projet en quelques phrases",
            "themes": "Thèmes",
            "maturity": "Où en est-il ?",
            "perimeter": "Périmètre (facultatif)",
            "partners": "Partenaires déjà associés (facultatif)",
        }
        help_texts = {
            "name": "Par exemple : « Rénovation de la salle des fêtes ».",
            "description": "Ce que vous voulez faire, pourquoi, ce que vous savez déjà. "
            f"{LONG_TEXT:,} caractères au plus.".replace(",", " "),
            "perimeter": "Un bâtiment, un quartier, un bourg, plusieurs communes…",
            "partners": "Associations, entreprises, autres collectivités…",
        }
        widgets = {
            "themes": forms.CheckboxSelectMultiple,
            "maturity": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 5}),
            "partners": forms.Textarea(attrs={"rows": 2}),
        }
        error_messages = {
            "name": {"required": "Donnez un nom à votre projet."},
            "description": {"required": "Décrivez votre projet en quelques phrases."},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = Theme.objects.all()
        self.fields["themes"].required = False
        self.fields["themes"].help_text = "Ceux que nous avons compris sont cochés : corrigez-les."
        if self.instance.pk:
            communes = list(self.instance.communes.order_by("name"))
            if communes:
                self.initial.setdefault("commune", communes[0].code)
                self.initial.setdefault("other_communes", "\n".join(c.code for c in communes[1:]))
            self.initial.setdefault("carried_by_epci", self.instance.epci_id is not None)

    def clean_other_communes(self):
        lines = [
            line.strip()
            for line in re.split(r"[\n;]", self.cleaned_data.get("other_communes", ""))
            if line.strip()
        ]
        if len(lines) > MAX_CARRIERS:
            raise forms.ValidationError(f"Indiquez au plus {MAX_CARRIERS} communes.")
        found, errors = [], []
        field = CommuneField()
        for line in lines:
            commune, matches = field.resolve(line)
            if commune is not None:
                found.append(commune)
            elif matches:
                errors.append(several_message(line))
            else:
                errors.append(no_match_message(line))
        if errors:
            raise forms.ValidationError(errors)
        return found

    def clean(self):
        data = super().clean()
        main = data.get("commune")
        if main is not None and data.get("carried_by_epci") and main.epci_id is None:
            self.add_error(
                "carried_by_epci",
                f"{main.name} n'appartient à aucune intercommunalité connue : décochez cette case.",
            )
        return data

    def carriers(self) -> list:
        main = self.cleaned_data["commune"]
        others = [c for c in self.cleaned_data.get("other_communes", []) if c.pk != main.pk]
        return [main, *dict.fromkeys(others)]

    def epci(self):
        if not self.cleaned_data.get("carried_by_epci"):
            return None
        return self.cleaned_data["commune"].epci


class MilestoneForm(forms.ModelForm):
    class Meta:
        model = Milestone
        fields = ["date", "label"]
        labels = {"date": "Date", "label": "Étape"}
        help_texts = {
            "date": "Au format jj/mm/aaaa.",
            "label": "Par exemple : « Dépôt du permis ».",
        }
        widgets = {"date": forms.DateInput(attrs={"type": "date"})}
        error_messages = {
            "date": {
                "required": "Indiquez la date de l'étape.",
                "invalid": "Saisissez une date au format jj/mm/aaaa.",
            },
            "label": {"required": "Nommez l'étape."},
        }


class FinancingLineForm(forms.ModelForm):
    class Meta:
        model = FinancingLine
        fields = ["funder", "scheme", "amount", "rate"]
        labels = {
            "funder": "Financeur",
            "scheme": "Dispositif (facultatif)",
            "amount": "Montant en euros (facultatif)",
            "rate": "ou taux en % (facultatif)",
        }
        help_texts = {
            "funder": "Par exemple : État, Région, Département, Europe (LEADER)…",
            "scheme": "Par exemple : DETR, DSIL, Fonds vert…",
        }
        error_messages = {
            "funder": {"required": "Indiquez qui finance."},
            "amount": {"invalid": "Saisissez un montant en chiffres, sans espace ni symbole."},
            "rate": {"invalid": "Saisissez un taux en chiffres, de 0 à 100."},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rate"].validators.append(
            MaxValueValidator(100, message="Un taux ne dépasse pas 100 %%.")
        )


class MoveLineForm(forms.Form):
    status = forms.ChoiceField(label="Nouvel état", choices=FinancingLine.Status.choices[1:])
    on = forms.DateField(
        label="Le",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={
            "required": "Indiquez la date.",
            "invalid": "Saisissez une date au format jj/mm/aaaa.",
        },
    )

    def clean_on(self):
        on = self.cleaned_data["on"]
        if on > timezone.localdate():
            raise forms.ValidationError("Cette date est à venir : indiquez ce qui a eu lieu.")
        return on


class InviteForm(forms.Form):
    structure = forms.ModelChoiceField(
        label="Structure à inviter",
        queryset=Structure.objects.none(),
        empty_label="Choisissez une structure",
        error_messages={"required": "Choisissez la structure à inviter."},
    )

    def __init__(self, *args, structures=None, **kwargs):
        super().__init__(*args, **kwargs)
        if structures is not None:
            self.fields["structure"].queryset = structures
        self.fields["structure"].label_from_instance = _invite_label


def _invite_label(structure: Structure) -> str:
    """Said before the invitation: whether anyone there will see it."""
    joined = "reçoit par Carto'Ingé" if structure.has_receiving_member else "pas encore inscrite"
    return f"{structure.display_name} ({joined})"


class FollowerStatusForm(forms.Form):
    status = forms.ChoiceField(label="Votre suivi", choices=Follower.Status.choices)


class RecommendationForm(forms.ModelForm):
    class Meta:
        model = Recommendation
        fields = ["kind", "title", "url", "text"]
        labels = {
            "kind": "Vous recommandez",
            "title": "Intitulé",
            "url": "Lien (facultatif)",
            "text": "Précisions (facultatif)",
        }
        widgets = {"kind": forms.RadioSelect, "text": forms.Textarea(attrs={"rows": 3})}
        formfield_callback = https_by_default
        error_messages = {
            "kind": {"required": "Dites ce que vous recommandez."},
            "title": {"required": "Donnez un intitulé à votre recommandation."},
            "url": {"invalid": "Saisissez une adresse complète, par exemple https://…"},
        }


class RecommendationStatusForm(forms.Form):
    status = forms.ChoiceField(label="Où en êtes-vous ?", choices=Recommendation.Status.choices)


class NoteForm(forms.Form):
    body = forms.CharField(
        label="Votre message",
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Écrivez votre message."},
    )
    internal = forms.BooleanField(
        label="Note interne aux structures (la commune ne la voit pas)", required=False
    )


NOT_VOUCHED_FILES = (
    "Votre accès à la commune n'est pas encore confirmé : vous pourrez déposer des fichiers dès "
    "la confirmation (demandez-la depuis « Mon espace »). D'ici là, ajoutez plutôt un lien."
)


class DocumentForm(forms.ModelForm):
    """A file put on the project, or a link; the title defaults to the file's name."""

    class Meta:
        model = Document
        fields = ["title", "file", "url"]

    title = forms.CharField(
        label="Intitulé du document",
        max_length=SHORT_TEXT,
        required=False,
        help_text="Obligatoire pour un lien ; pour un fichier, son nom par défaut.",
    )
    file = forms.FileField(
        label="Fichier",
        required=False,
        help_text=f"{files.ACCEPTED_SAID} ; {files.size_label(settings.UPLOAD_MAX_SIZE)} au "
        "plus. Seuls ceux qui voient le projet pourront le télécharger.",
        widget=forms.FileInput(attrs={"accept": ",".join(f".{name}" for name in files.ACCEPTED)}),
        error_messages={
            "empty": "Ce fichier est vide.",
            "invalid": "Le fichier n'a pas été reçu : choisissez-le à nouveau.",
        },
    )
    url = forms.URLField(
        label="Ou l'adresse d'un document en ligne",
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text="Un dossier partagé, une étude publiée… Seuls ceux qui voient le projet "
        "verront ce lien.",
        error_messages={"invalid": "Saisissez une adresse complète, par exemple https://…"},
    )

    def __init__(self, *args, files_allowed: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.files_note = ""
        if not files_allowed:  # said before, not after a refused upload
            del self.fields["file"]
            self.fields["url"].label = "Adresse d'un document en ligne"
            self.files_note = NOT_VOUCHED_FILES

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload:
            problem = files.upload_problem(upload)
            if problem:
                raise forms.ValidationError(problem)
        return upload

    def clean(self):
        cleaned = super().clean()
        upload, url = cleaned.get("file"), cleaned.get("url")
        if self.files and "file" not in self.fields:
            self.add_error(None, NOT_VOUCHED_FILES)
        if not self.errors:
            if upload and url:
                self.add_error(None, "Choisissez un fichier ou indiquez une adresse, pas les deux.")
            elif not upload and not url:
                self.add_error(None, "Choisissez un fichier ou indiquez l'adresse du document.")
            elif cleaned.get("title"):
                pass
            elif upload:  # « devis.pdf » → « devis » ; « .pdf » stays « .pdf »
                cleaned["title"] = (upload.name.rsplit(".", 1)[0] or upload.name)[:SHORT_TEXT]
            else:
                self.add_error("title", "Donnez un intitulé au document.")
        if self.files and self.errors and "file" in self.fields:  # never sent back
            self.add_error(None, "Choisissez à nouveau le fichier avant de renvoyer le formulaire.")
        return cleaned

    def save(self, commit=True):
        document = super().save(commit=False)
        upload = self.cleaned_data.get("file")
        if upload:
            document.filename = upload.name[-SHORT_TEXT:]
            document.size = upload.size
        if commit:
            document.save()
        return document


class ShareForm(forms.ModelForm):
    class Meta:
        model = Project
        fields = ["shared_with_epci", "shared_with_state"]
        labels = {
            "shared_with_epci": "Partager avec l'intercommunalité",
            "shared_with_state": "Partager avec le guichet de l'ingénierie (DDT, préfecture)",
        }
        help_texts = {
            "shared_with_epci": "Ses agents voient le projet, son avancement et ses besoins ; "
            "son tableau de bord le compte.",
            "shared_with_state": "Les services de l'État du département voient le projet dans "
            "leur liste, avec son avancement et ses besoins.",
        }


class MemberForm(forms.Form):
    email = EmailField(
        label="Adresse électronique",
        help_text="D'un élu ou d'un agent de la commune : il recevra un lien de connexion.",
        missing="Indiquez l'adresse de la personne.",
    )


class DigestForm(forms.ModelForm):
    class Meta:
        model = DigestChoice
        fields = ["frequency"]
        labels = {"frequency": "Recevoir les nouvelles de mes projets"}
        widgets = {"frequency": forms.RadioSelect}
