"""What the project's pages show, read in a few queries: who the visitor is to the project,
the project's page, the lists of « Mes projets », its calendar."""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, OuterRef, Q, Sum, prefetch_related_objects
from django.urls import reverse

from accounts import permissions as roles_of
from core.calendars import Entry
from core.files import size_label
from core.ratelimit import allow
from directory import reach
from directory.index import get_index
from directory.models import Structure, Theme
from funding.calendar import deadline_entry
from funding.selectors import aids_for
from orientation.engine import ADVICE, OrientationError, orient
from outbox.emails import site_url
from support.models import SupportRequest

from . import permissions
from .forms import (
    DocumentForm,
    FinancingLineForm,
    FollowerStatusForm,
    MemberForm,
    MilestoneForm,
    NoteForm,
    RecommendationForm,
    RecommendationStatusForm,
    ShareForm,
)
from .models import Activity, FinancingLine, Follower, Project, Recommendation

LIST_SIZE = 50
# The lines whose aid's deadline still matters: not yet granted, refused or paid.
OPEN_LINES = [FinancingLine.Status.CONSIDERED, FinancingLine.Status.REQUESTED]
HELPERS = 3  # structures suggested on the project's page


@dataclass(frozen=True)
class Access:
    carrier: bool  # may act for the carriers: their team (or a superuser)
    advising: list  # the visitor's structures on the dossier
    may_take_up: list  # the visitor's structures that may join it (shared with them)
    superuser: bool = False
    sees: bool = True  # may open it at all
    team: bool = False  # of the carriers' team itself (a superuser is not)
    vouched: bool = False  # may reach people outside the team (`permissions.vouched`)

    @property
    def advising_ids(self) -> list[int]:
        return [s.pk for s in self.advising]

    @property
    def adviser(self) -> bool:
        """On the dossier for a structure, and not of the carriers' team."""
        return bool(self.advising) and not self.carrier

    @property
    def sees_internal(self) -> bool:
        """The advisers' internal notes: the advisers and superusers, never the carriers."""
        return self.adviser or self.superuser

    @property
    def writes(self) -> bool:
        """May post in the conversation: the team, or a structure on the dossier."""
        return self.carrier or bool(self.advising)


def access_of(user, project: Project) -> Access:
    """Asked in the order that settles it soonest: the team, the dossier's structures, then
    whoever it is shared with."""
    team = permissions.in_team(user, project)
    carrier = team or user.is_superuser
    has_structures = bool(roles_of.structure_ids(user))
    advising = permissions.advising_structures(user, project) if has_structures else []
    sees = carrier or bool(advising) or permissions.can_view(user, project)
    return Access(
        carrier=carrier,
        advising=advising,
        may_take_up=permissions.can_take_up(user, project) if sees and has_structures else [],
        superuser=user.is_superuser,
        sees=sees,
        team=team,
        vouched=carrier and permissions.vouched(user, project),
    )


def opened_said(user, project: Project) -> str:
    said = (
        "Votre projet est ouvert. Il n'est visible que de son équipe : vous, les élus et agents "
        "confirmés des communes qui le portent"
        + (" et les agents de l'intercommunalité" if project.epci_id else "")
        + ", jusqu'à ce que vous le partagiez ou invitiez une structure."
    )
    if not permissions.vouched(user, project):
        said += " " + not_vouched_said(project)
    return said


def not_vouched_said(project: Project) -> str:
    """Why inviting, sharing or adding a colleague waits, and what to do meanwhile."""
    return (
        "Votre accès à la commune n'est pas encore confirmé : demandez-le depuis « Mon "
        "espace » (l'équipe de la plateforme de votre département le confirme et vous écrit). "
        "D'ici là, vous préparez le projet et pouvez envoyer des demandes d'accompagnement, que "
        f"le guichet traite sous {settings.SUPPORT_UNANSWERED_WORKING_DAYS} jours ouvrés ; "
        "inviter une structure, partager le projet ou y ajouter quelqu'un sera possible dès la "
        "confirmation."
    )


def themes_of(slugs) -> list[int]:
    return list(Theme.objects.filter(slug__in=list(slugs)).values_list("pk", flat=True))


def invitable(project: Project):
    """The structures working in a carrier's département, not yet on the dossier, the
    carrying intercommunality aside (it is of the team)."""
    departements = set(project.communes.values_list("departement_id", flat=True))
    found = Structure.objects.working_in(departements).exclude(followed_projects__project=project)
    if project.epci_id:
        found = found.exclude(epci_id=project.epci_id)
    return found.order_by("name")


def invitation_said(structure: Structure, project: Project) -> str:
    """What an invitation does, said when it is sent (and, in short, in the list before)."""
    if structure.has_receiving_member:
        return f"{structure.display_name} est invitée : ses membres en sont prévenus par courriel."
    commune = project.communes.first()
    departement = commune.departement_id if commune else structure.home_departement
    return (
        f"{structure.display_name} est inscrite sur le projet, mais aucun de ses agents n'a "
        "encore rejoint Carto'Ingé : elle le verra le jour où l'un d'eux la rejoindra. Pour "
        "être accompagné dès maintenant, envoyez-lui une demande d'accompagnement depuis ce "
        f"projet : {reach.to_team(departement)} vous répond sous quelques jours et la lui "
        "transmet."
    )


def financing_totals(lines: list[FinancingLine], budget: int | None) -> dict:
    """In euros, the lines given as an amount; those given as a rate only are counted apart
    (`by_rate`), the page says so."""
    counted = [line for line in lines if line.amount]
    by_status = {}
    for line in counted:
        by_status[line.status] = by_status.get(line.status, 0) + line.amount
    secured = sum(
        by_status.get(status, 0)
        for status in (FinancingLine.Status.GRANTED, FinancingLine.Status.PAID)
    )
    return {
        "considered": sum(
            line.amount for line in counted if line.status != FinancingLine.Status.REFUSED
        ),
        "secured": secured,
        "paid": by_status.get(FinancingLine.Status.PAID, 0),
        "rest": (budget - secured) if budget else None,
        "share": round(100 * secured / budget) if budget else None,
        "by_rate": sum(1 for line in lines if not line.amount and line.rate),
    }


def calendar_rows(project: Project, lines: list[FinancingLine]) -> list[tuple]:
    """(date, label, kind) of the milestones and of the attached aids' deadlines, in order."""
    rows = [(m.date, m.label, "étape") for m in project.milestones.all()]
    rows += [
        (line.aid.submission_deadline, f"Clôture : {line.aid.name}", "aide")
        for line in lines
        if line.status in OPEN_LINES and line.aid and line.aid.submission_deadline
    ]
    return sorted(rows, key=lambda row: row[0])


def calendar_entries(project: Project) -> list[Entry]:
    address = site_url() + project.get_absolute_url()
    entries = [
        Entry(
            uid=f"projet-{project.public_id}-etape-{m.pk}",
            summary=m.label,
            start=m.date,
            url=address,
            description=f"Projet « {project.name} »",
        )
        for m in project.milestones.all()
    ]
    lines = project.financing.filter(status__in=OPEN_LINES).exclude(aid=None)
    lines = lines.exclude(aid__submission_deadline=None)
    entries += [deadline_entry(line.aid) for line in lines.select_related("aid")]
    return entries


def helpers(project: Project, commune) -> list:
    """The structures that could help, as « Qui peut m'aider ? » reads the project."""
    if commune is None:
        return []
    try:
        found = orient(commune, text=project.description[:3000], index=get_index())
    except OrientationError:
        return []
    if found.is_out_of_scope:
        return []
    results = [r for r in found.results if r.category == ADVICE][:HELPERS]
    direct = reach.receiving({r.offre.structure_id for r in results})
    return [
        {
            "offre": r.offre,
            "notice": reach.notice(
                r.offre.structure.display_name,
                direct.get(r.offre.structure_id),
                commune.departement_id,
            ),
        }
        for r in results
    ]


def sent_from(project: Project, communes: list) -> list:
    """The help requests sent from the project by its team: its public id in the request,
    a carrier commune, and the address of one of its team (a request names a project only
    when someone of the team sent it)."""
    team = permissions.team_users({project.pk}).get(project.pk, set())
    emails = get_user_model().objects.filter(pk__in=team).values_list("email", flat=True)
    return list(
        SupportRequest.objects.filter(
            dossier=project.public_id,
            commune__in=communes,
            anonymised_at=None,
            requester_email__in=[email.lower() for email in emails],
        ).select_related("structure")
    )


def detail_context(project: Project, access: Access) -> dict:
    communes = list(project.communes.select_related("epci").order_by("name"))
    followers = list(project.followers.select_related("structure").order_by("created_at"))
    commune = communes[0] if communes else None
    lines = list(project.financing.select_related("aid"))
    notes = project.notes.select_related("structure")
    if not access.sees_internal:
        notes = notes.filter(internal=False)
    activities = project.activities.all()
    if not access.sees_internal:
        activities = activities.filter(audience=Activity.Audience.ALL)
    theme_slugs = list(project.themes.values_list("slug", flat=True))
    context = {
        "project": project,
        "access": access,
        "communes": communes,
        "lines": lines,
        "totals": financing_totals(lines, project.budget),
        "calendar": calendar_rows(project, lines),
        "followers": followers,
        "recommendations": list(project.recommendations.select_related("structure")),
        "notes": list(notes),
        "documents": list(project.documents.all()),
        "activities": list(activities[:20]),
        "themes": list(project.themes.all()),
        "breadcrumb_links": [("Mes projets", reverse("projects:mine"))],
        "status_choices": Follower.Status.choices,
        "recommendation_choices": Recommendation.Status.choices,
    }
    if access.carrier:
        context["members"] = list(project.members.select_related("user").order_by("added_at"))
        context["not_vouched"] = "" if access.vouched else not_vouched_said(project)
        aided = {line.aid_id for line in lines}
        following = {f.structure_id for f in followers}
        open_for_it = project.state != Project.State.FINISHED
        context.update(
            requests=sent_from(project, communes),
            helpers=[
                h for h in helpers(project, commune) if h["offre"].structure_id not in following
            ],
            open_aids=[m for m in aids_for(commune, theme_slugs) if m.aid.pk not in aided]
            if open_for_it
            else [],
            commune=commune,
            calendar_url=site_url()
            + reverse("projects:calendar", args=[project.public_id, project.calendar_token]),
        )
    context.update(_forms(project, access))
    return context


FILES_PER_HOUR = 20  # files put by one account


def may_put_files(access: Access) -> bool:
    """A file only from whom the platform vouches for, or a structure on the dossier."""
    return access.vouched or access.adviser


def file_refused(user, project: Project, upload) -> str:
    """Why a valid file may not be put on the project now (its quota, the account's hourly
    limit), in French, or ""."""
    held = project.documents.aggregate(total=Sum("size"))["total"] or 0
    if held + upload.size > settings.PROJECT_FILES_MAX_TOTAL:
        return (
            f"Le projet contient déjà {size_label(held)} de fichiers, la limite est de "
            f"{size_label(settings.PROJECT_FILES_MAX_TOTAL)} : retirez un fichier devenu "
            "inutile, ou déposez plutôt un lien."
        )
    if not allow("project-file", str(user.pk), FILES_PER_HOUR, 3600):
        return "Vous avez déposé beaucoup de fichiers en peu de temps : réessayez dans une heure."
    return ""


def _forms(project: Project, access: Access) -> dict:
    """The empty forms of what the visitor may do (the prefixes keep their ids apart)."""
    if access.writes:  # the conversation and the documents
        forms = {
            "note_form": NoteForm(),
            "document_form": DocumentForm(prefix="document", files_allowed=may_put_files(access)),
        }
    else:
        forms = {}
    if access.carrier:
        forms.update(
            milestone_form=MilestoneForm(),
            financing_form=FinancingLineForm(),
            share_form=ShareForm(instance=project),
            member_form=MemberForm(),
            recommendation_status_form=RecommendationStatusForm(),
        )
    if access.advising:
        forms.update(
            recommendation_form=RecommendationForm(prefix="recommandation"),
            status_form=FollowerStatusForm(),
        )
    return forms


# « Mes projets »


def lists_of(user) -> dict:
    """« Mes projets »: the team's, the followed, the shared; and the longer lists the
    account may open (its structures', its départements')."""
    team = permissions.of_team(user).prefetch_related("communes").order_by("-last_activity_at")
    mine = list(roles_of.structure_ids(user))
    state = permissions.state_departements(user)
    followed = (
        Follower.objects.filter(structure__in=mine)
        .select_related("project", "structure")
        .prefetch_related("project__communes")
        .order_by("-project__last_activity_at")
    )
    shared = (
        permissions.visible(user)
        .exclude(pk__in=team.values("pk"))
        .exclude(followers__structure__in=mine)
        .filter(Q(shared_with_epci=True) | Q(shared_with_state=True))
        .prefetch_related("communes")
        .order_by("-last_activity_at")
    )
    return {
        "structures": Structure.objects.filter(pk__in=mine).order_by("name"),
        "departements": sorted(state),
        "team": list(team[:LIST_SIZE]),
        # Nothing is followed by, or shared with, an account of no structure nor guichet.
        "followed": list(followed[:LIST_SIZE]) if mine else [],
        "shared": list(shared[:LIST_SIZE]) if mine or state else [],
    }


# The lists of a structure and of a département's guichet: every status by default (no
# hidden filter), a page at a time.

PAGE_SIZE = 25


def structure_rows(structure: Structure, status: str = ""):
    rows = (
        Follower.objects.filter(structure=structure)
        .select_related("project")
        .only(
            "status",
            "project_activity_at",
            "project__public_id",
            "project__name",
            "project__maturity",
        )
        .prefetch_related("project__communes")
        .order_by("-project_activity_at", "-pk")
    )
    return rows.filter(status=status) if status else rows


def departement_rows(code: str, maturity: str = ""):
    """The projects of the département's communes shared with the State's services: the
    shared projects in their order (a partial index), each kept if one of its carriers (one
    or two rows of the carriers' index) is a commune of the département."""
    carried = Project.communes.through.objects.filter(
        project_id=OuterRef("pk"), commune__departement_id=code
    )
    rows = (
        Project.objects.filter(Exists(carried), shared_with_state=True)
        .defer("description", "partners")
        .order_by("-last_activity_at", "-pk")
    )
    return rows.filter(maturity=maturity) if maturity else rows


def with_helpers(projects: list[Project]) -> list[Project]:
    """Each project of a page with the number of structures on its dossier, and its
    communes and themes: three queries for the page."""
    counts = dict(
        Follower.objects.filter(project__in=projects)
        .values_list("project_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    prefetch_related_objects(projects, "communes", "themes")
    for project in projects:
        project.helpers = counts.get(project.pk, 0)
    return projects
