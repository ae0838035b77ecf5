"""A project no longer followed does not keep its people's words forever: finished or
inactive (unopened for a year), and without activity for SUPPORT_RETENTION_MONTHS, it is
deleted with its messages, documents, team and timeline. A réalisation it became stays: it
names places and public bodies, never people."""

from datetime import datetime

from django.db.models import Q

from support.retention import retention_limit

from .models import Project


def purge(now: datetime | None = None) -> int:
    """The number of projects deleted. Running it again changes nothing."""
    old = Project.objects.filter(
        Q(state=Project.State.FINISHED) | Q(state=Project.State.INACTIVE),
        last_activity_at__lt=retention_limit(now),
    )
    return old.delete()[1].get(Project._meta.label, 0)
