"""How a structure is reached today, said before a user asks it for help. A structure
receives its requests through Carto'Ingé once one of its agents has joined it (an active
member with an address); until then, the département's platform team answers and passes the
request on (`support.routing` sends them)."""

from django.conf import settings

from .models import Structure


def receiving(structure_ids) -> set[int]:
    """Which of these structures have an active member with an address (one query)."""
    return set(
        Structure.objects.filter(
            pk__in=list(structure_ids),
            memberships__user__is_active=True,
        )
        .exclude(memberships__user__email="")
        .values_list("pk", flat=True)
    )


def notice(structure_name: str, direct: bool) -> str:
    """What will happen, in one sentence, before the user sends anything."""
    if direct:
        return f"{structure_name} reçoit les demandes par Carto'Ingé et vous répond."
    days = settings.SUPPORT_UNANSWERED_WORKING_DAYS
    team = settings.PLATFORM_TEAM_NAME
    return (
        f"{structure_name} ne reçoit pas encore les demandes par Carto'Ingé : {team} "
        f"vous répond sous {days} jours ouvrés et la lui transmet."
    )
