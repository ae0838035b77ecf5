"""The news of projects: one digest per person whatever the number of events, at once only
what cannot wait, a nudge after a silence, and silence for a project nobody opens."""

import datetime

import pytest
from django.utils import timezone

from accounts.factories import UserFactory, member_of
from directory.models import Structure
from funding.factories import AidFactory
from outbox.models import OutgoingEmail
from projects import notifications, services
from projects.factories import ProjectFactory, commune_agent
from projects.models import Activity, DigestChoice, Follower, Project

pytestmark = pytest.mark.django_db


@pytest.fixture
def dossier():
    creator, colleague = UserFactory(), commune_agent("53199")
    project = ProjectFactory(communes=["53199"], members=[creator])
    caue = Structure.objects.get(slug="caue-53")
    adviser = member_of(caue)
    Follower.objects.create(project=project, structure=caue)
    return project, creator, colleague, adviser


def test_twenty_events_in_a_day_give_one_email_per_person(dossier):
    project, creator, colleague, adviser = dossier
    for n in range(20):
        services.record(project, creator if n % 2 else adviser, f"Évènement n° {n}")
    OutgoingEmail.objects.all().delete()
    later = timezone.now() + datetime.timedelta(minutes=1)
    sent = notifications.send_news(later)
    assert sent.digests == 3
    by_person = {m.to: m for m in OutgoingEmail.objects.all()}
    assert sorted(by_person) == sorted([creator.email, colleague.email, adviser.email])
    # Nobody is told what they did themselves; the colleague reads all twenty.
    assert by_person[colleague.email].body.count("Évènement n° ") == 10  # the 10 last
    assert "Évènement n° 1\n" not in by_person[creator.email].body
    # The same day, again: nothing twice.
    assert notifications.send_news(later + datetime.timedelta(hours=2)).digests == 0


def test_a_digest_follows_each_persons_choice(dossier):
    project, creator, colleague, adviser = dossier
    DigestChoice.objects.create(user=colleague, frequency=DigestChoice.Frequency.NEVER)
    DigestChoice.objects.create(user=adviser, frequency=DigestChoice.Frequency.DAILY)
    services.record(project, creator, "Étape ajoutée")
    now = timezone.now() + datetime.timedelta(minutes=1)
    notifications.send_news(now)
    assert list(OutgoingEmail.objects.values_list("to", flat=True)) == [adviser.email]
    later = services.record(project, creator, "Une autre étape")
    Activity.objects.filter(pk=later.pk).update(at=now + datetime.timedelta(hours=12))
    assert notifications.send_news(now + datetime.timedelta(days=1, minutes=1)).digests == 1


def test_internal_notes_reach_the_advisers_only(dossier):
    project, creator, colleague, adviser = dossier
    caue = Structure.objects.get(slug="caue-53")
    services.post_note(member_of(caue), project, "Entre nous", caue, internal=True)
    notifications.send_news(timezone.now() + datetime.timedelta(minutes=1))
    assert list(OutgoingEmail.objects.values_list("to", flat=True)) == [adviser.email]


def test_an_aid_closing_within_a_week_is_told_at_once_and_once(dossier):
    project, creator, colleague, _ = dossier
    aid = AidFactory(submission_deadline=timezone.localdate() + datetime.timedelta(days=5))
    services.add_aid(creator, project, aid)
    notifications.warn_deadlines(timezone.now(), notifications.Sent())
    warned = OutgoingEmail.objects.filter(subject__startswith="Clôture le")
    assert sorted(warned.values_list("to", flat=True)) == sorted([creator.email, colleague.email])
    notifications.warn_deadlines(timezone.now(), notifications.Sent())
    assert warned.count() == 2


def test_a_quiet_project_is_nudged_once_and_a_forgotten_one_stops_mailing(dossier, settings):
    project, creator, colleague, adviser = dossier
    now = timezone.now()
    Project.objects.filter(pk=project.pk).update(
        last_activity_at=now - datetime.timedelta(weeks=settings.PROJECT_NUDGE_WEEKS + 1)
    )
    assert notifications.send_news(now).nudges == 2  # the creator and the colleague
    assert notifications.send_news(now + datetime.timedelta(days=1)).nudges == 0
    Project.objects.filter(pk=project.pk).update(last_visit_at=now - datetime.timedelta(days=400))
    message = services.record(project, adviser, "Un message")
    Activity.objects.filter(pk=message.pk).update(at=now + datetime.timedelta(days=7))
    OutgoingEmail.objects.all().delete()
    sent = notifications.send_news(now + datetime.timedelta(days=8))
    assert sent.inactive == 1 and not OutgoingEmail.objects.exists()


def test_the_stop_link_works_without_signing_in(client, dossier):
    _, creator, _, _ = dossier
    url = notifications.stop_url(creator)
    path = url.split("://", 1)[-1].split("/", 1)[1]
    assert client.get("/" + path).status_code == 200
    client.post("/" + path)
    assert DigestChoice.objects.get(user=creator).frequency == DigestChoice.Frequency.NEVER


def test_a_project_left_for_the_retention_period_is_deleted_with_its_words(dossier, settings):
    from django.core.management import call_command

    project, creator, _, _ = dossier
    services.post_note(creator, project, "Un message de la secrétaire")
    long_ago = timezone.now() - datetime.timedelta(days=31 * settings.SUPPORT_RETENTION_MONTHS)
    kept = ProjectFactory(state=Project.State.INACTIVE)
    Project.objects.filter(pk=kept.pk).update(last_activity_at=timezone.now())
    Project.objects.filter(pk=project.pk).update(
        state=Project.State.FINISHED, last_activity_at=long_ago
    )
    call_command("purge_personal_data", verbosity=0)
    assert list(Project.objects.values_list("pk", flat=True)) == [kept.pk]
    assert not Activity.objects.filter(project=project.pk).exists()


def test_a_finished_project_sends_no_digest(dossier):
    project, creator, _, adviser = dossier
    services.record(project, adviser, "Un dernier message")
    services.finish(creator, project)
    OutgoingEmail.objects.all().delete()
    assert notifications.send_news(timezone.now() + datetime.timedelta(minutes=1)).digests == 0


def test_one_click_unsubscribe_needs_no_form_token(dossier):
    from django.test import Client

    _, creator, _, _ = dossier
    url = notifications.stop_url(creator)
    path = "/" + url.split("://", 1)[-1].split("/", 1)[1]
    assert Client(enforce_csrf_checks=True).post(path).status_code == 200
