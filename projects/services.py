"""What happens to a project, as plain functions: each change is written with its line in
the timeline (`Activity`), which the digests read."""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone

from accounts.members import member_emails
from accounts.services import account_for
from directory.models import Structure
from funding.models import Aid
from outbox.emails import queue_email

from .models import (
    Activity,
    Document,
    FinancingLine,
    Follower,
    Note,
    Project,
    ProjectMember,
    Recommendation,
    new_token,
)

URGENT_DEADLINE_DAYS = 7  # an aid's deadline this close is mailed at once


class NotAllowed(Exception):
    """A change the rules refuse; the message is French and safe to show."""


def record(project: Project, actor, text: str, *, advisers_only=False, urgent=False) -> Activity:
    now = timezone.now()
    Project.objects.filter(pk=project.pk).update(last_activity_at=now)
    Follower.objects.filter(project=project).update(project_activity_at=now)
    project.last_activity_at = now
    audience = Activity.Audience.ADVISERS if advisers_only else Activity.Audience.ALL
    return Activity.objects.create(
        project=project, actor=actor, text=text[:300], audience=audience, urgent=urgent
    )


@dataclass
class NewProject:
    name: str
    description: str
    communes: list  # Commune
    epci: object = None  # EPCI carrying it, or None
    themes: list = ()
    maturity: str = Project.Maturity.IDEA
    budget: int | None = None
    perimeter: str = ""
    partners: str = ""
    journey: object = None


@transaction.atomic
def create(user, new: NewProject) -> Project:
    now = timezone.now()
    project = Project.objects.create(
        name=new.name,
        description=new.description,
        epci=new.epci,
        maturity=new.maturity,
        budget=new.budget,
        perimeter=new.perimeter,
        partners=new.partners,
        journey=new.journey,
        created_by=user,
        last_activity_at=now,
        last_visit_at=now,
    )
    project.communes.set(new.communes)
    project.themes.set(new.themes)
    ProjectMember.objects.create(project=project, user=user)
    record(project, user, "Projet ouvert")
    return project


def visited(project: Project) -> None:
    """A member of the carriers' team opened the project: it stays (or becomes) active."""
    changes = {"last_visit_at": timezone.now()}
    if project.state == Project.State.INACTIVE:
        changes["state"] = Project.State.ACTIVE
    Project.objects.filter(pk=project.pk).update(**changes)


# Money


def add_aid(user, project: Project, aid: Aid) -> tuple[FinancingLine, bool]:
    """The aid as a line « envisagé » of the financing plan, once."""
    funder = ", ".join(aid.financers[:2]) or (aid.backer.display_name if aid.backer else "")
    line, created = FinancingLine.objects.get_or_create(
        project=project,
        aid=aid,
        defaults={"funder": funder[:200] or "Financeur à préciser", "scheme": aid.name[:200]},
    )
    if created:
        soon = _deadline_soon(aid.submission_deadline)
        text = f"Aide ajoutée au plan de financement : {aid.name}"
        if aid.submission_deadline:
            text += f" (clôture le {aid.submission_deadline:%d/%m/%Y})"
        record(project, user, text, urgent=soon)
    return line, created


def _deadline_soon(deadline: date | None) -> bool:
    if deadline is None:
        return False
    days = (deadline - timezone.localdate()).days
    return 0 <= days <= URGENT_DEADLINE_DAYS


def move_line(user, line: FinancingLine, status: str, on: date) -> None:
    """envisagé → demandé → obtenu / refusé → versé, each step dated."""
    previous = line.decided_on or line.requested_on
    if previous and on < previous:
        raise NotAllowed(f"Cette date précède l'étape d'avant ({previous:%d/%m/%Y}) : vérifiez-la.")
    if status not in FinancingLine.NEXT[line.status]:
        raise NotAllowed(
            f"Une ligne « {line.get_status_display().lower()} » ne peut pas passer à "
            f"« {FinancingLine.Status(status).label.lower()} »."
        )
    field = {
        FinancingLine.Status.REQUESTED: "requested_on",
        FinancingLine.Status.GRANTED: "decided_on",
        FinancingLine.Status.REFUSED: "decided_on",
        FinancingLine.Status.PAID: "paid_on",
    }[status]
    updated = FinancingLine.objects.filter(pk=line.pk, status=line.status).update(
        status=status, **{field: on}
    )
    if not updated:
        raise NotAllowed("Cette ligne venait d'être modifiée : rien n'a été changé.")
    line.status, label = status, FinancingLine.Status(status).label.lower()
    setattr(line, field, on)
    record(line.project, user, f"Financement « {line.funder} » : {label} le {on:%d/%m/%Y}")


# Structures on the dossier


def invite(user, project: Project, structure: Structure) -> tuple[Follower, bool]:
    """The structure joins the dossier; its members are told at once (a new request for
    them). A structure without member is listed and sees it the day one joins."""
    follower, created = Follower.objects.get_or_create(project=project, structure=structure)
    if created:
        record(project, user, f"{structure.display_name} invitée à suivre le projet")
        for email in member_emails(structure):
            queue_email(email, "project_invited", {"project": project, "structure": structure})
    return follower, created


def take_up(user, project: Project, structure: Structure) -> Follower:
    follower, created = Follower.objects.get_or_create(
        project=project,
        structure=structure,
        defaults={"invited": False, "status": Follower.Status.TO_DO},
    )
    if created:
        record(project, user, f"{structure.display_name} suit le projet")
    return follower


def set_follower_status(user, follower: Follower, status: str) -> None:
    if status == follower.status:
        return
    follower.status = status
    follower.save(update_fields=["status", "status_at"])
    label = Follower.Status(status).label.lower()
    record(follower.project, user, f"{follower.structure.display_name} : {label}")


def recommend(user, project: Project, structure: Structure, **fields) -> Recommendation:
    recommendation = Recommendation.objects.create(
        project=project, structure=structure, author=user, **fields
    )
    record(project, user, f"{structure.display_name} recommande : {recommendation.title}")
    return recommendation


def set_recommendation_status(user, recommendation: Recommendation, status: str) -> None:
    if status == recommendation.status:
        return
    recommendation.status = status
    recommendation.status_at = timezone.now()
    recommendation.save(update_fields=["status", "status_at"])
    label = Recommendation.Status(status).label.lower()
    record(recommendation.project, user, f"Recommandation « {recommendation.title} » : {label}")


def post_note(user, project: Project, body: str, structure=None, internal=False) -> Note:
    note = Note.objects.create(
        project=project, author=user, structure=structure, internal=internal, body=body
    )
    who = structure.display_name if structure else "La commune"
    record(project, user, f"{who} a écrit un message", advisers_only=internal)
    return note


def add_member(user, project: Project, email: str) -> tuple[ProjectMember, bool]:
    """An élu or agent of the carriers joins the project by name; an e-mail tells them and
    says how to sign in (a link asked on the sign-in page, with their address)."""
    account = account_for(email)
    member, created = ProjectMember.objects.get_or_create(
        project=project, user=account, defaults={"added_by": user}
    )
    if created:
        record(project, user, "Une personne a été ajoutée à l'équipe du projet")
        queue_email(account.email, "project_member_added", {"project": project})
    return member, created


def remove_member(user, member: ProjectMember) -> None:
    member.delete()
    record(member.project, user, "Une personne a été retirée de l'équipe du projet")


def remove_follower(user, follower: Follower) -> None:
    follower.delete()
    record(follower.project, user, f"{follower.structure.display_name} ne suit plus le projet")


def remove_document(user, document: Document) -> None:
    document.delete()  # its file too (`models._delete_the_file`)
    record(document.project, user, f"Document retiré : {document.title}")


def new_calendar_address(user, project: Project) -> None:
    project.calendar_token = new_token()
    project.save(update_fields=["calendar_token"])
    record(project, user, "Nouvelle adresse du calendrier (l'ancienne ne fonctionne plus)")


@transaction.atomic
def save(user, form) -> Project:
    """The edited project, its carriers and themes; the timeline says what changed. Only the
    form's columns are written: a « terminer » or a share decided meanwhile stays."""
    project = form.save(commit=False)
    project.epci = form.epci()
    project.save(update_fields=[*form.Meta.fields, "epci"])
    form.save_m2m()
    project.communes.set(form.carriers())
    if form.changed_data:
        labels = [str(form.fields[name].label).lower() for name in form.changed_data]
        record(project, user, f"Projet modifié : {', '.join(labels)}")
    return project


@transaction.atomic
def share(user, form) -> None:
    """Shared or not with the intercommunality and the State's services; a structure that
    took the project up through a share it no longer has leaves the dossier (an invited one
    stays)."""
    project = form.save(commit=False)
    project.save(update_fields=form.Meta.fields)
    taken_up = project.followers.filter(invited=False)
    if not project.shared_with_epci:
        taken_up.exclude(structure__annuaire_type="ddt").delete()
    if not project.shared_with_state:
        taken_up.filter(structure__annuaire_type="ddt").delete()
    said = []
    if "shared_with_epci" in form.changed_data:
        said.append(
            "partagé avec l'intercommunalité"
            if project.shared_with_epci
            else "n'est plus partagé avec l'intercommunalité"
        )
    if "shared_with_state" in form.changed_data:
        said.append(
            "visible du guichet de l'ingénierie"
            if project.shared_with_state
            else "n'est plus visible du guichet de l'ingénierie"
        )
    if said:
        record(project, user, f"Projet {' ; '.join(said)}")


def finish(user, project: Project) -> None:
    Project.objects.filter(pk=project.pk).update(
        state=Project.State.FINISHED, maturity=Project.Maturity.DONE
    )
    project.state, project.maturity = Project.State.FINISHED, Project.Maturity.DONE
    record(project, user, "Projet terminé")


# Finished: a réalisation for the communes nearby


def realisation_initial(project: Project, lines: int) -> dict:
    """The réalisation form prefilled from the project: what was done, its cost, the money
    obtained (at most `lines` lines)."""
    initial = {
        "title": project.name,
        "summary": project.description,
        "themes": list(project.themes.values_list("pk", flat=True)),
        "year_start": project.created_at.year,
        "year_end": timezone.localdate().year,
        "total_cost": project.budget,
    }
    obtained = project.financing.filter(
        status__in=[FinancingLine.Status.GRANTED, FinancingLine.Status.PAID]
    )
    for n, line in enumerate(obtained[:lines], start=1):
        initial[f"funding_{n}_backer"] = line.funder
        initial[f"funding_{n}_scheme"] = line.scheme
        initial[f"funding_{n}_amount"] = line.amount
    return initial


def helpers_of(project: Project) -> list[Structure]:
    """The structures that really followed it (« en cours » or « terminé »)."""
    followed = project.followers.filter(
        status__in=[Follower.Status.ONGOING, Follower.Status.DONE]
    ).select_related("structure")
    return [f.structure for f in followed]


def proposed_as(user, project: Project, realisation) -> None:
    Project.objects.filter(pk=project.pk).update(realisation=realisation)
    record(project, user, f"Proposé comme réalisation : « {realisation.title} »")
