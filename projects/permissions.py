"""Who sees and does what on a project, as plain functions (views, API and exports alike).

- the carriers' team: the accounts the project was opened by or shared with by name, the
  confirmed élus and agents of a carrier commune, the members of a carrier
  intercommunality — they see and edit everything but the advisers' internal notes;
- the advisers: members of a structure on the dossier (invited, or having taken up a project
  shared with their territory) — they see it, set their own status, recommend, and exchange
  internal notes between them;
- the intercommunality of a carrier commune, when the project is shared with it;
- the guichet de l'ingénierie of its département (platform team, DDT members), when the
  project is shared with the State's services;
- superusers. Nobody else, not even by its address.
"""

from django.db.models import Q, QuerySet

from accounts import permissions as roles_of
from directory.models import Structure

from .models import Follower, Project


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def state_departements(user) -> set[str]:
    """The départements whose guichet the user belongs to: its platform team, or a DDT."""
    if not _active(user):
        return set()
    codes = roles_of.territory_codes(user)
    ddt = Structure.objects.filter(pk__in=roles_of.structure_ids(user), annuaire_type="ddt")
    codes.update(ddt.values_list("seat_commune__departement_id", flat=True))
    return codes


def team_condition(user) -> Q:
    mine = roles_of.structure_ids(user)
    condition = Q(members__user=user) | Q(communes__code__in=roles_of.commune_codes(user))
    if mine:
        condition |= Q(epci__structure__in=mine)
    return condition


def of_team(user) -> QuerySet:
    """The projects whose carriers' team the user is in (a superuser: those of their own
    team, not every project)."""
    if not _active(user):
        return Project.objects.none()
    return Project.objects.filter(pk__in=Project.objects.filter(team_condition(user)).values("pk"))


def visible(user, projects: QuerySet | None = None) -> QuerySet:
    """Every project the user may open."""
    projects = Project.objects.all() if projects is None else projects
    if not _active(user):
        return projects.none()
    if user.is_superuser:
        return projects
    condition = team_condition(user)
    mine = roles_of.structure_ids(user)
    if mine:
        condition |= Q(followers__structure__in=mine)
        condition |= Q(shared_with_epci=True, communes__epci__structure__in=mine)
    state = state_departements(user)
    if state:
        condition |= Q(shared_with_state=True, communes__departement__in=state)
    ids = projects.filter(condition).values("pk")
    return projects.filter(pk__in=ids)


def is_carrier(user, project: Project) -> bool:
    if not _active(user):
        return False
    if user.is_superuser:
        return True
    return Project.objects.filter(team_condition(user), pk=project.pk).exists()


def can_view(user, project: Project) -> bool:
    return visible(user, Project.objects.filter(pk=project.pk)).exists()


def advising_structures(user, project: Project) -> list[Structure]:
    """The user's structures that are on the dossier."""
    if not _active(user):
        return []
    followed = Follower.objects.filter(project=project, structure__in=roles_of.structure_ids(user))
    return [f.structure for f in followed.select_related("structure").order_by("structure__name")]


def can_take_up(user, project: Project) -> list[Structure]:
    """The user's structures that may join the dossier of a project shared with their
    territory (the carrier's intercommunality, the DDT) and are not on it yet."""
    if not _active(user) or not (project.shared_with_epci or project.shared_with_state):
        return []
    mine = Structure.objects.filter(pk__in=roles_of.structure_ids(user)).exclude(
        followed_projects__project=project
    )
    communes = project.communes.all()
    found = []
    if project.shared_with_epci:
        found += list(mine.filter(epci__communes__in=communes).distinct())
    if project.shared_with_state:
        found += list(
            mine.filter(
                annuaire_type="ddt", seat_commune__departement__communes__in=communes
            ).distinct()
        )
    return sorted(set(found), key=lambda s: s.name)
