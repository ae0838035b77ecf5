"""What a project tells the people around it, in mails they keep reading: one digest per
person (daily or weekly, their choice), never one mail per event; at once only what cannot
wait (a structure invited to a project — a new request for it — and an aid of the plan that
closes within 7 days); « Où en êtes-vous ? » after weeks without activity; a project nobody
of its team has opened for 12 months turns inactive and stops mailing.

`python manage.py send_project_news` does it all, once a day; run twice the same day it
sends nothing twice."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from outbox.emails import queue_email, site_url

from .models import Activity, DigestChoice, FinancingLine, Project
from .permissions import adviser_users, team_users
from .services import URGENT_DEADLINE_DAYS

PERIODS = {
    DigestChoice.Frequency.DAILY: timedelta(days=1),
    DigestChoice.Frequency.WEEKLY: timedelta(days=7),
}
INACTIVE_AFTER = timedelta(days=365)  # without a visit of its team
SHOWN = 10  # lines per project in a digest
_STOP = "projects.digest.stop"


@dataclass
class Sent:
    digests: int = 0
    warnings: int = 0
    nudges: int = 0
    inactive: int = 0
    people: set = field(default_factory=set)


def stop_url(user) -> str:
    token = signing.dumps(user.pk, salt=_STOP)
    return site_url() + reverse("projects:digest_stop", args=[token])


def user_for_stop(token: str):
    try:
        pk = signing.loads(token, salt=_STOP)
    except signing.BadSignature:
        return None
    return get_user_model().objects.filter(pk=pk).first()


def send_digests(now: datetime, sent: Sent) -> None:
    """One e-mail per person who has news on their projects since their last digest."""
    since = now - max(PERIODS.values())
    news = (
        Activity.objects.filter(at__gt=since, at__lte=now, urgent=False)
        .filter(project__state=Project.State.ACTIVE)  # a finished or dormant one is quiet
        .select_related("project")
        .order_by("project_id", "at")
    )
    by_project = defaultdict(list)
    for activity in news:
        by_project[activity.project_id].append(activity)
    if not by_project:
        return
    teams, advisers = team_users(by_project), adviser_users(by_project)
    readers = defaultdict(list)  # user → [(project, [activities])]
    for pk, activities in by_project.items():
        for user in teams.get(pk, set()) | advisers.get(pk, set()):
            adviser = user in advisers.get(pk, set())
            seen = [
                a
                for a in activities
                if a.actor_id != user and (adviser or a.audience == Activity.Audience.ALL)
            ]
            if seen:
                readers[user].append((activities[0].project, seen))
    _send(readers, now, sent)


def _send(readers: dict, now: datetime, sent: Sent) -> None:
    users = get_user_model().objects.filter(pk__in=list(readers), is_active=True)
    choices = {c.user_id: c for c in DigestChoice.objects.filter(user__in=users)}
    for user in users:
        choice = choices.get(user.pk) or DigestChoice(user=user)
        if choice.frequency == DigestChoice.Frequency.NEVER:
            continue
        last = choice.sent_until or now - PERIODS[choice.frequency]
        if now - last < PERIODS[choice.frequency] - timedelta(hours=1):
            continue  # not due yet (an hour's slack for a run that starts a little early)
        projects = [
            (project, [a for a in activities if a.at > last][-SHOWN:])
            for project, activities in readers[user.pk]
        ]
        projects = [(project, lines) for project, lines in projects if lines]
        with transaction.atomic():
            if projects:
                queue_email(
                    user.email,
                    "project_digest",
                    {"projects": projects, "choice": choice, "stop_url": stop_url(user)},
                    unsubscribe_url=stop_url(user),
                )
                sent.digests += 1
                sent.people.add(user.pk)
            choice.sent_until = now
            choice.save()


def warn_deadlines(now: datetime, sent: Sent) -> None:
    """An aid of the plan, still « envisagé », closes within 7 days: its team is told once."""
    today = timezone.localdate(now)
    lines = FinancingLine.objects.filter(
        status=FinancingLine.Status.CONSIDERED,
        deadline_warned_at=None,
        aid__submission_deadline__gte=today,
        aid__submission_deadline__lte=today + timedelta(days=URGENT_DEADLINE_DAYS),
        project__state=Project.State.ACTIVE,
    ).select_related("aid", "project")
    sent.warnings += _tell_teams(
        list(lines),
        lambda line: line.project_id,
        "project_deadline",
        lambda line: {"line": line},
        lambda line: FinancingLine.objects.filter(pk=line.pk).update(deadline_warned_at=now),
    )


def nudge_and_retire(now: datetime, sent: Sent) -> None:
    """« Où en êtes-vous ? » to the team of a project quiet for weeks (once per silence);
    a project its team has not opened for a year turns inactive (it stops mailing)."""
    retired = Project.objects.filter(
        state=Project.State.ACTIVE, last_visit_at__lt=now - INACTIVE_AFTER
    ).update(state=Project.State.INACTIVE)
    sent.inactive += retired
    quiet_since = now - timedelta(weeks=settings.PROJECT_NUDGE_WEEKS)
    quiet = Project.objects.filter(
        Q(nudged_at=None) | Q(nudged_at__lt=F("last_activity_at")),
        state=Project.State.ACTIVE,
        last_activity_at__lt=quiet_since,
    )
    sent.nudges += _tell_teams(
        list(quiet[:1000]),
        lambda project: project.pk,
        "project_nudge",
        lambda project: {"project": project},
        lambda project: Project.objects.filter(pk=project.pk).update(nudged_at=now),
    )


def _tell_teams(items: list, project_of, name: str, context_of, mark) -> int:
    """The team of each item's project told by the e-mail `name`, then the item marked: one
    transaction per item, so a run stopped half-way tells no one twice. The e-mails sent."""
    teams = team_users({project_of(item) for item in items})
    wanted = set().union(*teams.values()) if teams else set()
    emails = dict(
        get_user_model()
        .objects.filter(pk__in=wanted, is_active=True)
        .exclude(email="")
        .values_list("pk", "email")
    )
    told = 0
    for item in items:
        with transaction.atomic():
            for user in teams.get(project_of(item), ()):
                if user in emails:
                    queue_email(emails[user], name, context_of(item))
                    told += 1
            mark(item)
    return told


def send_news(now: datetime | None = None) -> Sent:
    now = now or timezone.now()
    sent = Sent()
    nudge_and_retire(now, sent)
    warn_deadlines(now, sent)
    send_digests(now, sent)
    return sent
