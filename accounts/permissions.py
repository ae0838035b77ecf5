"""Who may do what, as plain functions used by the views, the API and the admin alike.

Roles: visitor; requester (holds a follow link, or an account with the e-mail of the
request); elected official or town-hall agent (confirmed access to a commune's requests);
structure member; structure admin (also manages the members); territory admin (a
département: moderates, sees every request of its communes); superuser.
"""

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from directory.models import Structure
from territories.models import EPCI, Commune

from .models import CommuneAccess, Membership


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


@dataclass(frozen=True)
class Roles:
    """What an account is, read once per request: its structures (and those it administers),
    the départements it moderates, the communes whose requests it may follow."""

    structures: frozenset[int] = frozenset()
    admin_structures: frozenset[int] = frozenset()
    departements: frozenset[str] = frozenset()
    communes: frozenset[str] = frozenset()


NO_ROLES = Roles()


def roles(user) -> Roles:
    """The account's roles, kept on the user object: `request.user` lives as long as the
    request, so the three queries run once whatever the number of checks. A change of role
    is seen from the next request on (`forget_roles` for the rare code that needs it now)."""
    if not _active(user):
        return NO_ROLES
    found = getattr(user, "_roles", None)
    if found is None:
        memberships = list(user.memberships.vouched().values_list("structure_id", "role"))
        approved = user.commune_accesses.filter(status=CommuneAccess.Status.APPROVED)
        found = user._roles = Roles(
            structures=frozenset(pk for pk, _ in memberships),
            admin_structures=frozenset(
                pk for pk, role in memberships if role == Membership.Role.ADMIN
            ),
            departements=frozenset(user.territories.values_list("departement_id", flat=True)),
            communes=frozenset(approved.values_list("commune_id", flat=True)),
        )
    return found


def forget_roles(user) -> None:
    if hasattr(user, "_roles"):
        del user._roles


def structure_ids(user, admin_only: bool = False) -> set[int]:
    found = roles(user)
    return set(found.admin_structures if admin_only else found.structures)


def territory_codes(user) -> set[str]:
    return set(roles(user).departements)


def commune_codes(user) -> set[str]:
    return set(roles(user).communes)


def is_staff_of_platform(user) -> bool:
    return _active(user) and (user.is_superuser or bool(territory_codes(user)))


# Help requests


def handled_requests(user, queryset: QuerySet) -> QuerySet:
    """The requests a user works on: their structures', or their territory's."""
    if not _active(user):
        return queryset.none()
    if user.is_superuser:
        return queryset
    # Only the conditions that apply: an OR with an empty join condition would keep the
    # database from using the (structure, …) indexes.
    conditions = Q(structure_id__in=structure_ids(user))
    codes = territory_codes(user)
    if codes:
        conditions |= Q(commune_id__in=communes_in(codes))
    return queryset.filter(conditions)


def communes_in(codes: set[str]) -> list[str]:
    """The communes of these départements, as codes: an indexed lookup on the requests
    instead of a join."""
    return list(Commune.objects.filter(departement_id__in=codes).values_list("code", flat=True))


def followed_requests(user, queryset: QuerySet) -> QuerySet:
    """The requests a requester's account sees: made with its e-mail, or of its communes."""
    if not _active(user):
        return queryset.none()
    conditions = Q(requester_email=user.email.lower())
    communes = commune_codes(user)
    if communes:
        conditions |= Q(commune_id__in=communes)
    return queryset.filter(conditions, anonymised_at=None)


def can_handle_request(user, request) -> bool:
    if not _active(user):
        return False
    return (
        user.is_superuser
        or request.structure_id in structure_ids(user)
        or request.commune.departement_id in territory_codes(user)
    )


# Structures


def can_edit_structure(user, structure: Structure) -> bool:
    if not _active(user):
        return False
    if user.is_superuser or structure.pk in structure_ids(user):
        return True
    return can_moderate_structure(user, structure)


def can_manage_members(user, structure: Structure) -> bool:
    if not _active(user):
        return False
    if structure.pk in structure_ids(user, admin_only=True):
        return True
    return can_moderate_structure(user, structure)


def can_moderate_structure(user, structure: Structure) -> bool:
    """The platform team of one of the structure's départements (`Structure.departements`)."""
    if not _active(user):
        return False
    return user.is_superuser or bool(territory_codes(user) & structure.departements())


def can_moderate(user, departement_code: str) -> bool:
    return _active(user) and (user.is_superuser or departement_code in territory_codes(user))


def can_remind(user, request) -> bool:
    """The platform team of the request's département may remind its structure, while the
    request waits for an answer (the inbox and the platform queue ask the same)."""
    waiting = request.status in request.WAITING
    return waiting and can_moderate(user, request.commune.departement_id)


def epci_dashboards(user) -> QuerySet:
    """The intercommunalities whose dashboard the user may open: their own agents (members of
    their structure), the DDT of their départements (members of a structure typed `ddt` in the
    annuaire), the platform team of their départements, and superusers."""
    if not _active(user):
        return EPCI.objects.none()
    if user.is_superuser:
        return EPCI.objects.all()
    mine = Structure.objects.filter(pk__in=structure_ids(user))
    ddt_departements = mine.filter(annuaire_type="ddt").values("seat_commune__departement_id")
    return EPCI.objects.filter(
        Q(departements__code__in=territory_codes(user))
        | Q(structure__in=mine)
        | Q(departements__code__in=ddt_departements)
    ).distinct()


def can_see_epci_dashboard(user, epci) -> bool:
    return epci_dashboards(user).filter(pk=epci.pk).exists()
