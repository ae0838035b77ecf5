"""The structure space: a structure's members keep their fiche and offers true, confirm the
fiche, and propose new offers. Same rules as the seed files (`seed.Validator`)."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import models, transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.text import slugify

from accounts import permissions
from core.ratelimit import allow
from history.services import describe_changes, for_object, record

from .models import HelpKind, Offre, Phase, Proposal, Structure, Theme
from .seed import Validator, upsert_offre

STRUCTURE_FIELDS = [
    "name", "acronym", "description", "seat_town", "website", "contact_url", "contact_email",
    "contact_phone",
]  # fmt: skip
OFFRE_FIELDS = [
    "title", "summary", "themes", "help_kinds", "phases", "cost", "conditions_details",
    "how_to_ask", "for_communes", "for_epcis", "population_min", "population_max",
    "members_only",
]  # fmt: skip
FIELD_NAMES = {"aides": "help_kinds"}  # seed name → form name


class SeedRulesMixin:
    """Runs the seed validator on the form's data and puts each problem under its field."""

    def apply_rules(self, check) -> None:
        validator = Validator.for_database()
        check(validator, "formulaire", self.seed_record())
        for name, message in validator.by_field:
            name = FIELD_NAMES.get(name, name)
            field = name if name in self.fields else None
            if field is None or field not in self.errors:
                self.add_error(field, message[:1].upper() + message[1:])


def https_by_default(field, **kwargs):
    """« www.caue53.fr » typed without a scheme means https://."""
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


class StructureForm(SeedRulesMixin, forms.ModelForm):
    class Meta:
        model = Structure
        formfield_callback = https_by_default
        fields = STRUCTURE_FIELDS
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}
        help_texts = {
            "contact_email": "Une adresse fonctionnelle (accueil@…), "
            "jamais une adresse nominative.",
            "contact_phone": "Le standard, par exemple 02 43 00 00 00.",
        }

    def seed_record(self) -> dict:
        return {name: self.cleaned_data.get(name) or "" for name in STRUCTURE_FIELDS}

    def clean(self):
        data = super().clean()
        self.apply_rules(lambda v, where, record: v.structure_fields(where, record))
        return data


class NewStructureForm(StructureForm):
    """A structure not yet in the directory, proposed by one of its agents."""

    class Meta(StructureForm.Meta):
        fields = ["name", "acronym", "kind", *STRUCTURE_FIELDS[2:]]

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
        from territories.models import Departement

        self.fields["departement"].choices = [("", "Choisissez")] + [
            (d.code, f"{d.code} — {d.name}")
            for d in Departement.objects.filter(communes__isnull=False).distinct().order_by("code")
        ]


class OffreForm(SeedRulesMixin, forms.ModelForm):
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

    def seed_record(self) -> dict:
        data = self.cleaned_data
        record = {name: data.get(name) for name in OFFRE_FIELDS if name in data}
        record["themes"] = [t.slug for t in data.get("themes") or []]
        record["aides"] = [t.slug for t in data.get("help_kinds") or []]
        record["phases"] = [t.slug for t in data.get("phases") or []]
        record.pop("help_kinds", None)
        return {k: v for k, v in record.items() if v is not None}

    def clean(self):
        data = super().clean()
        self.apply_rules(lambda v, where, record: v.offre_fields(where, record))
        return data


class ProposalForm(OffreForm):
    scope = forms.ChoiceField(
        label="Territoire couvert",
        choices=[
            ("departements", "Département(s)"),
            ("epcis", "Intercommunalité(s)"),
            ("communes", "Communes"),
            ("regions", "Région(s)"),
            ("france", "France entière"),
        ],  # fmt: skip
    )
    codes = forms.CharField(
        label="Codes du territoire",
        help_text="Codes officiels séparés par des virgules : 53 pour la Mayenne, un numéro "
        "SIREN pour une intercommunalité, un code INSEE pour une commune. Vide pour la France.",
        required=False,
        max_length=2000,
    )

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


def _where(structure: Structure) -> list[str]:
    """The départements whose platform team sees this change in its history."""
    return sorted(permissions.structure_departements(structure))


@transaction.atomic
def _save_recorded(user, form, before: dict, structure: Structure) -> None:
    """Save a fiche's form and, when something changed, say what in its history."""
    saved = form.save()
    if form.changed_data:
        record(user, saved, "modification", describe_changes(form, before), _where(structure))


def _structure_for(request, slug) -> Structure:
    structure = get_object_or_404(Structure, slug=slug)
    if not permissions.can_edit_structure(request.user, structure):
        raise Http404  # the same answer as for a structure that does not exist
    return structure


@login_required
def manage_structure(request, slug):
    structure = _structure_for(request, slug)
    form = StructureForm(instance=structure)
    if request.method == "POST":
        if request.POST.get("action") == "confirm":
            confirm_structure(request.user, structure)
            messages.success(request, "Merci : la fiche est marquée « vérifiée par la structure ».")
            return redirect("directory:manage_structure", slug=slug)
        before = {name: getattr(structure, name) for name in STRUCTURE_FIELDS}
        form = StructureForm(request.POST, instance=structure)
        if form.is_valid():
            _save_recorded(request.user, form, before, structure)
            messages.success(request, "La fiche est enregistrée.")
            return redirect("directory:manage_structure", slug=slug)
    context = {
        "structure": structure,
        "form": form,
        "offres": structure.offres.order_by("position", "title"),
        "proposals": structure.proposals.filter(status=Proposal.Status.PENDING),
        "can_manage_members": permissions.can_manage_members(request.user, structure),
        "changes": for_object(structure)[:20],
    }
    return render(
        request, "directory/space/structure.html", context, status=400 if form.errors else 200
    )


@transaction.atomic
def confirm_structure(user, structure: Structure) -> None:
    structure.validation = Structure.Validation.VERIFIED
    structure.validated_at = timezone.localdate()
    structure.stale_notified_at = None
    structure.save(update_fields=["validation", "validated_at", "stale_notified_at", "updated_at"])
    record(
        user, structure, "fiche confirmée", f"vérifiée le {structure.validated_at:%d/%m/%Y}",
        _where(structure),
    )  # fmt: skip


@login_required
def manage_offre(request, slug):
    offre = get_object_or_404(Offre.objects.select_related("structure"), slug=slug)
    _structure_for(request, offre.structure.slug)
    form = OffreForm(instance=offre)
    if request.method == "POST":
        before = {name: getattr(offre, name) for name in OFFRE_FIELDS}
        for name in ("themes", "help_kinds", "phases"):
            before[name] = list(getattr(offre, name).all())
        form = OffreForm(request.POST, instance=offre)
        if form.is_valid():
            _save_recorded(request.user, form, before, offre.structure)
            messages.success(request, "L'offre est enregistrée.")
            return redirect("directory:manage_structure", slug=offre.structure.slug)
    return render(
        request,
        "directory/space/offre.html",
        {
            "offre": offre,
            "structure": offre.structure,
            "form": form,
            "changes": for_object(offre)[:20],
        },
        status=400 if form.errors else 200,
    )


@login_required
def propose_offre(request, slug):
    structure = _structure_for(request, slug)
    form = ProposalForm()
    if request.method == "POST":
        form = ProposalForm(request.POST)
        if form.is_valid() and _may_propose(request, form):
            payload = form.seed_record()
            payload["territory"] = form.territory()
            payload["cost"] = form.cleaned_data["cost"]
            departements = sorted(
                permissions.structure_departements(structure) | _territory_departements(payload)
            )
            proposal = Proposal.objects.create(
                structure=structure, payload=payload, departements=departements,
                proposed_by=request.user,
            )  # fmt: skip
            record(
                request.user, structure, "offre proposée", proposal.payload["title"], departements
            )
            messages.success(
                request,
                "Votre offre est transmise à l'équipe de la plateforme, qui la publiera après "
                "relecture.",
            )
            return redirect("directory:manage_structure", slug=slug)
    return render(
        request, "directory/space/propose.html", {"structure": structure, "form": form},
        status=400 if form.errors else 200,
    )  # fmt: skip


def _territory_departements(payload: dict) -> set[str]:
    from territories.models import EPCI, Commune

    ((scope, codes),) = payload["territory"].items()
    if scope == "departements":
        return set(codes)
    if scope == "communes":
        return set(Commune.objects.filter(code__in=codes).values_list("departement_id", flat=True))
    if scope == "epcis":
        return set(
            EPCI.objects.filter(code__in=codes).values_list("departements__code", flat=True)
        ) - {None}
    return set()


@transaction.atomic
def decide_proposal(user, proposal: Proposal, approve: bool, reason: str = "") -> Offre | None:
    proposal.status = Proposal.Status.APPROVED if approve else Proposal.Status.REJECTED
    proposal.decided_by = user
    proposal.decided_at = timezone.now()
    proposal.reason = reason.strip()[: Proposal._meta.get_field("reason").max_length]
    proposal.save()
    if proposal.kind == Proposal.Kind.STRUCTURE:
        return publish_structure(user, proposal) if approve else None
    if not approve:
        record(
            user, proposal.structure, "offre refusée", proposal.payload["title"],
            proposal.departements,
        )  # fmt: skip
        return None
    data = dict(proposal.payload)
    base = slugify(f"{proposal.structure.slug}-{data['title']}")[:100]
    slug, n = base, 1
    while Offre.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    data["slug"] = slug
    data.setdefault(
        "sources", [f"Proposée par la structure, publiée le {timezone.localdate():%d/%m/%Y}"]
    )
    offre = upsert_offre(
        proposal.structure,
        proposal.structure.offres.count(),
        data,
        {t.slug: t for t in Theme.objects.all()},
        {t.slug: t for t in HelpKind.objects.all()},
        {t.slug: t for t in Phase.objects.all()},
    )
    record(user, offre, "offre publiée", proposal.payload["title"], proposal.departements)
    return offre


@login_required
def propose_structure(request):
    form = NewStructureForm()
    if request.method == "POST":
        form = NewStructureForm(request.POST)
        if form.is_valid() and _may_propose(request, form):
            data = form.cleaned_data
            payload = {name: data.get(name) or "" for name in ["name", "kind", *STRUCTURE_FIELDS]}
            payload["sources"] = [data["source"]]
            proposal = Proposal.objects.create(
                kind=Proposal.Kind.STRUCTURE, payload=payload,
                departements=[data["departement"]], proposed_by=request.user,
            )  # fmt: skip
            messages.success(
                request,
                f"La fiche « {proposal} » est transmise à l'équipe de la plateforme. Une fois "
                "publiée, vous en serez l'administrateur.",
            )
            return redirect("accounts:dashboard")
    return render(
        request, "directory/space/propose_structure.html", {"form": form},
        status=400 if form.errors else 200,
    )  # fmt: skip


def _may_propose(request, form) -> bool:
    """Proposals per account and per day: enough for a real structure, not for a script."""
    if allow("proposal", str(request.user.pk), settings.RATE_LIMIT_PROPOSALS_PER_DAY, 86_400):
        return True
    form.add_error(
        None,
        "Vous avez fait beaucoup de propositions aujourd'hui. Votre saisie est conservée "
        "ci-dessous : réessayez demain, ou écrivez à l'équipe de la plateforme.",
    )
    return False


def publish_structure(user, proposal: Proposal) -> Structure:
    """A proposed structure enters the directory « à confirmer », its proposer as admin."""
    from accounts.models import Membership

    data = proposal.payload
    base = slugify(data.get("acronym") or data["name"])[:70] or "structure"
    slug, n = base, 1
    while Structure.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    structure = Structure.objects.create(
        slug=slug,
        sources="\n".join(data.get("sources", [])),
        **{name: data.get(name, "") for name in ["name", "kind", *STRUCTURE_FIELDS]},
    )
    proposal.structure = structure
    proposal.save(update_fields=["structure"])
    if proposal.proposed_by_id:
        Membership.objects.get_or_create(
            user_id=proposal.proposed_by_id, structure=structure, defaults={"role": "admin"}
        )
    record(user, structure, "structure publiée", str(proposal), proposal.departements)
    return structure
