"""Alerts on aids without an account. An address asks for one (commune or intercommunality,
themes, daily or weekly), confirms it from the e-mail it receives (double opt-in), then
receives the aids new since its last e-mail and the deadlines that came within 30 days; one
click unsubscribes it, and it is deleted. Every e-mail goes through the outbox."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core import signing
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from outbox.emails import queue_email, site_url
from territories.models import Departement

from .models import SOON, Aid, AidAlert

CONFIRM_WITHIN = timedelta(days=7)
KEPT = timedelta(days=730)  # then the alert ends; the address may ask for a new one
SHOWN = 20  # aids of each kind in one e-mail
_CONFIRM, _UNSUBSCRIBE = "funding.alert.confirm", "funding.alert.unsubscribe"


def confirm_token(alert: AidAlert) -> str:
    return signing.dumps(alert.pk, salt=_CONFIRM)


def unsubscribe_token(alert: AidAlert) -> str:
    return signing.dumps(alert.pk, salt=_UNSUBSCRIBE)


def alert_for(token: str, purpose: str) -> AidAlert | None:
    """The alert a link names, if the link is genuine (and, to confirm, less than 7 days
    old) and the alert still exists."""
    salt, max_age = {"confirm": (_CONFIRM, CONFIRM_WITHIN), "unsubscribe": (_UNSUBSCRIBE, None)}[
        purpose
    ]
    try:
        pk = signing.loads(token, salt=salt, max_age=max_age)
    except signing.BadSignature:
        return None
    return AidAlert.objects.select_related("commune", "epci").filter(pk=pk).first()


def unsubscribe_url(alert: AidAlert) -> str:
    return site_url() + reverse("funding:alert_unsubscribe", args=[unsubscribe_token(alert)])


def awaiting_confirmation(email: str) -> bool:
    """An alert of this address still waits for its confirmation: no second e-mail."""
    since = timezone.now() - CONFIRM_WITHIN
    return AidAlert.objects.filter(
        email=email.strip().lower(), confirmed_at=None, created_at__gte=since
    ).exists()


@transaction.atomic
def ask(email: str, commune, epci, themes, frequency: str) -> AidAlert:
    alert = AidAlert.objects.create(
        email=email.strip().lower(), commune=commune, epci=epci, frequency=frequency
    )
    alert.themes.set(themes)
    queue_email(
        alert.email,
        "aid_alert_confirm",
        {
            "alert": alert,
            "themes": list(themes),
            "token": confirm_token(alert),
            "days": CONFIRM_WITHIN.days,
        },
    )
    return alert


def confirm(alert: AidAlert, now: datetime | None = None) -> None:
    if alert.confirmed_at is None:
        alert.confirmed_at = now or timezone.now()
        alert.save(update_fields=["confirmed_at"])


def unsubscribe(alert: AidAlert) -> None:
    alert.delete()  # nothing of it is kept


def aids_of(alert: AidAlert, today):
    """The open aids for communes covering its territory, on its themes (all if none)."""
    aids = Aid.objects.open(today).filter(for_communes=True)
    if alert.commune_id:
        aids = aids.covering(alert.commune)
    else:
        codes = list(alert.epci.departements.values_list("code", flat=True))
        regions = Departement.objects.filter(code__in=codes).values("region_id")
        aids = aids.filter(
            Q(scope=Aid.Scope.NATIONAL)
            | Q(scope=Aid.Scope.REGIONAL, regions__in=regions)
            | Q(scope=Aid.Scope.DEPARTEMENTAL, departements__in=codes)
            | Q(scope=Aid.Scope.LOCAL, epcis=alert.epci)
        )
    themes = list(alert.themes.values_list("pk", flat=True))
    if themes:
        aids = aids.filter(themes__in=themes)
    return aids.distinct().select_related("backer")


@dataclass
class Digest:
    new: list[Aid]
    closing: list[Aid]

    def __bool__(self) -> bool:
        return bool(self.new or self.closing)


def digest(alert: AidAlert, now: datetime) -> Digest:
    """The aids new since the last e-mail (or the confirmation), and those whose deadline came
    within 30 days since then (all of them in the first e-mail)."""
    today = timezone.localdate(now)
    since = alert.last_sent_at or alert.confirmed_at
    aids = aids_of(alert, today)
    new = list(aids.filter(created_at__gt=since).order_by("submission_deadline", "name")[:SHOWN])
    window = aids.filter(
        submission_deadline__gte=today, submission_deadline__lte=today + timedelta(days=SOON)
    )
    if alert.last_sent_at:
        previous_end = timezone.localdate(alert.last_sent_at) + timedelta(days=SOON)
        window = window.filter(submission_deadline__gt=previous_end)
    closing = list(
        window.exclude(pk__in=[aid.pk for aid in new]).order_by("submission_deadline")[:SHOWN]
    )
    return Digest(new, closing)


def is_due(alert: AidAlert, today) -> bool:
    if alert.confirmed_at is None:
        return False
    last = timezone.localdate(alert.last_sent_at or alert.confirmed_at)
    if alert.frequency == AidAlert.Frequency.WEEKLY:
        return last <= today - timedelta(days=7)
    return alert.last_sent_at is None or last < today


@dataclass
class Sent:
    checked: int = 0
    sent: int = 0


def send_due(now: datetime | None = None, progress=None) -> Sent:
    """One e-mail per due alert that has something to say; each alert in its own transaction,
    so a run stopped half-way sends nothing twice. Run it once a day."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    done = Sent()
    alerts = AidAlert.objects.exclude(confirmed_at=None).select_related("commune", "epci")
    for alert in alerts.iterator():
        if progress:
            progress()
        if not is_due(alert, today):
            continue
        done.checked += 1
        with transaction.atomic():
            found = digest(alert, now)
            if found:
                queue_email(
                    alert.email,
                    "aid_alert_digest",
                    {"alert": alert, "digest": found, "unsubscribe": unsubscribe_url(alert)},
                    unsubscribe_url=unsubscribe_url(alert),
                )
                done.sent += 1
            alert.last_sent_at = now
            alert.save(update_fields=["last_sent_at"])
    return done


def purge(now: datetime | None = None) -> int:
    """Alerts never confirmed within a week, and those older than two years."""
    now = now or timezone.now()
    _, per_model = AidAlert.objects.filter(
        Q(confirmed_at=None, created_at__lt=now - CONFIRM_WITHIN) | Q(confirmed_at__lt=now - KEPT)
    ).delete()
    return per_model.get(AidAlert._meta.label, 0)
