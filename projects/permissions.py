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

from collections import defaultdict

from django.db.models import Q, QuerySet

from accounts import permissions as roles_of
from accounts.models import CommuneAccess, Membership
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
    """Of the carriers' team (a superuser may act as one, but is not of the team)."""
    if not _active(user):
        return False
    if user.is_superuser:
        return True
    return in_team(user, project)


def in_team(user, project: Project) -> bool:
    return _active(user) and Project.objects.filter(team_condition(user), pk=project.pk).exists()


def vouched(user, project: Project) -> bool:
    """Someone the platform knows speaks for a carrier: a confirmed élu or agent of one of its
    communes, a member of its carrying intercommunality, or a superuser. Only they reach
    people outside the team (an invitation, a share, a colleague added): a project opened in
    a commune's name by anyone else stays a private draft."""
    if not _active(user):
        return False
    if user.is_superuser:
        return True
    codes = roles_of.commune_codes(user)
    if codes and project.communes.filter(code__in=codes).exists():
        return True
    mine = roles_of.structure_ids(user)
    return (
        bool(mine)
        and project.epci_id is not None
        and Structure.objects.filter(pk__in=mine, epci_id=project.epci_id).exists()
    )


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
    mine = (
        Structure.objects.filter(pk__in=roles_of.structure_ids(user))
        .exclude(followed_projects__project=project)
        .exclude(epci__isnull=False, epci_id=project.epci_id)  # carrying it already
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


# The people of a project, by account: who is told its news


def team_users(project_ids) -> dict[int, set[int]]:
    """project → the accounts of its carriers' team: named members, confirmed élus and
    agents of its communes, members of its intercommunality."""
    found = defaultdict(set)
    projects = Project.objects.filter(pk__in=list(project_ids))
    for pk, user in projects.values_list("pk", "members__user").exclude(members__user=None):
        found[pk].add(user)
    communes = Project.communes.through.objects.filter(project_id__in=list(project_ids))
    by_commune = defaultdict(set)
    for pk, code in communes.values_list("project_id", "commune_id"):
        by_commune[code].add(pk)
    accesses = CommuneAccess.objects.filter(
        commune_id__in=list(by_commune), status=CommuneAccess.Status.APPROVED
    )
    for code, user in accesses.values_list("commune_id", "user_id"):
        for pk in by_commune[code]:
            found[pk].add(user)
    carried = projects.exclude(epci=None).values_list("pk", "epci__structure")
    _add_members(found, {pk: {structure} for pk, structure in carried if structure})
    return found


def adviser_users(project_ids) -> dict[int, set[int]]:
    """project → the accounts of the structures on its dossier."""
    found = defaultdict(set)
    followers = Follower.objects.filter(project_id__in=list(project_ids))
    structures = defaultdict(set)
    for pk, structure in followers.values_list("project_id", "structure_id"):
        structures[pk].add(structure)
    _add_members(found, structures)
    return found


def _add_members(found, structures_of: dict) -> None:
    wanted = set().union(*structures_of.values()) if structures_of else set()
    members = defaultdict(set)
    vouched = Membership.objects.vouched().filter(structure_id__in=wanted, user__is_active=True)
    for structure, user in vouched.values_list("structure_id", "user_id"):
        members[structure].add(user)
    for pk, structures in structures_of.items():
        for structure in structures:
            found[pk] |= members[structure]
