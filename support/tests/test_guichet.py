"""Issue 28 §1: the préfecture's guichet de l'ingénierie answers for the structures that have not
joined, a request left untaken goes to it after N working days (public holidays excluded), and
the time to a first answer is measured and shown."""

import datetime
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.factories import member_of, territory_admin
from core.calendar import working_days_after
from directory.guichets import choose, looks_personal, read
from directory.models import Guichet, Structure
from opendata.exports import structure_rows
from outbox.models import OutgoingEmail
from support import response_times, workflow
from support.factories import SupportRequestFactory
from support.links import follow_path
from support.models import Message
from support.routing import route
from support.tracking import standing

pytestmark = pytest.mark.django_db

DDT = "ddt@mayenne.gouv.fr"
ANCT_ROWS = """insee_dep,lib_dep,fiche_lib_admin,interlocuteur_nom,interlocuteur_mel,fiche_mel,fiche_telephone,site_web,Date mise à jour
53,Mayenne,Direction Départementale des Territoires de la Mayenne,DUPONT,jean.dupont@mayenne.gouv.fr,ddt@mayenne.gouv.fr,02.43.67.87.00,https://www.mayenne.gouv.fr/annuaire,
72,Sarthe,Préfecture de la Sarthe,MARTIN,x.y@sarthe.gouv.fr,pref-mail@sarthe.gouv.fr,02.43.39.72.72,https://www.sarthe.gouv.fr/anct,23/7/2024
72,Sarthe,Direction Départementale des Territoires de la Sarthe,,,ddt@sarthe.gouv.fr,02.72.16.41.00,,19/10/2023
13,Bouches-du-Rhône,Préfecture des Bouches-du-Rhône,,,camille.durand@bouches-du-rhone.gouv.fr,04.84.35.40.00,,
"""


def at(*args) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(*args))


def test_the_guichets_come_from_the_anct_file_without_any_personal_column():
    rows = read(ANCT_ROWS)
    assert all("dupont" not in repr(row).lower() for row in rows)  # names never read
    chosen = choose(rows)
    assert chosen["53"].email == DDT and chosen["53"].phone == "02.43.67.87.00"
    assert chosen["72"].email == "pref-mail@sarthe.gouv.fr"  # the row with the guide's page
    assert "13" not in chosen  # a person's address is dropped: no guichet rather than a person
    assert looks_personal("camille.durand@bouches-du-rhone.gouv.fr")
    assert not looks_personal("pref-secretaire.general@bouches-du-rhone.gouv.fr")


def test_a_fresh_install_has_the_mayenne_guichet_with_its_source():
    guichet = Guichet.objects.get(departement="53")
    assert guichet.email == DDT and "Territoires de la Mayenne" in guichet.service
    assert "anct-carto/annuaire_delegues_anct" in guichet.source_url
    assert Guichet.objects.count() >= 90  # every département the file gives


def test_the_guichet_is_named_before_sending_and_receives_the_request_itself(client):
    form = client.get(
        reverse("support:new"), {"offre": "atd-eau-53-assistance-technique", "commune": "53107"}
    ).content.decode()
    assert "le guichet de l&#x27;ingénierie de la préfecture" in form
    assert "vous répond sous 5 jours ouvrés" in form
    admin = territory_admin()
    request = SupportRequestFactory(project="Diagnostic de la lagune.")
    assert route(request.structure, "53").guichet == DDT
    workflow.notifications.new_request_to_structure(request)
    to_guichet = OutgoingEmail.objects.get(to=DDT)
    assert to_guichet.reply_to == request.requester_email
    assert "Diagnostic de la lagune." in to_guichet.body
    assert "guichet de l'ingénierie de la préfecture" in to_guichet.body
    assert OutgoingEmail.objects.filter(to=admin.email).exists()  # the team sees it too


def test_working_days_skip_french_public_holidays():
    # 11 November 2026 is a Wednesday: five working days from Monday 9 end on Tuesday 17.
    assert working_days_after(at(2026, 11, 9, 10), 5) == at(2026, 11, 17, 10)
    # Alsace-Moselle also keeps Good Friday (26 March 2027; Easter Monday is the 29th).
    assert working_days_after(at(2027, 3, 25, 9), 1) == at(2027, 3, 26, 9)
    assert working_days_after(at(2027, 3, 25, 9), 1, "57") == at(2027, 3, 30, 9)


def test_an_untaken_request_goes_to_the_guichet_once_after_n_working_days(client, settings):
    settings.SUPPORT_UNANSWERED_WORKING_DAYS = 5
    te53 = Structure.objects.get(slug="territoire-energie-mayenne")
    member_of(te53, email="agent@te53.example")  # it receives its requests itself
    sent = at(2026, 11, 9, 10)  # Monday; Wednesday 11 is a public holiday
    request = SupportRequestFactory(structure=te53, offre=te53.offres.first(), waiting_since=sent)
    assert request not in workflow.due_for_escalation(at(2026, 11, 16, 18))  # 4 working days
    due = workflow.due_for_escalation(at(2026, 11, 17, 11))
    assert request in due
    OutgoingEmail.objects.all().delete()
    assert workflow.escalate(request, at(2026, 11, 17, 11))
    to_guichet = OutgoingEmail.objects.get(to=DDT)
    assert "Sans réponse depuis 5 jours ouvrés" in to_guichet.subject
    assert OutgoingEmail.objects.filter(to="agent@te53.example").count() == 1  # one reminder
    # Never a flood: the next runs find nothing more to do.
    assert request not in workflow.due_for_escalation(at(2026, 11, 20, 11))
    assert not workflow.escalate(request, at(2026, 11, 20, 11))
    assert OutgoingEmail.objects.count() == 2
    # The follow page says it.
    request.refresh_from_db()
    text = standing(request).escalated
    assert text.startswith("Transmise au guichet de l'ingénierie de la préfecture")
    assert text.endswith("le 17/11/2026")
    page = client.get(follow_path(request), follow=True).content.decode()
    assert "Transmise au guichet de l&#x27;ingénierie de la préfecture" in page


def test_a_taken_request_is_never_escalated(settings):
    settings.SUPPORT_UNANSWERED_WORKING_DAYS = 5
    request = SupportRequestFactory(waiting_since=at(2026, 11, 2, 10))
    workflow.take(request, member_of(request.structure))
    assert request not in workflow.due_for_escalation(at(2026, 11, 20, 10))
    assert not workflow.escalate(request, at(2026, 11, 20, 10))


def test_time_to_a_first_answer_is_shown_once_five_requests_were_answered(client):
    te53 = Structure.objects.get(slug="territoire-energie-mayenne")
    agent = member_of(te53)
    now = timezone.now()
    for days in (1, 2, 2, 3):
        SupportRequestFactory(
            structure=te53,
            offre=te53.offres.first(),
            status="prise-en-charge",
            waiting_since=now - timedelta(days=20),
            taken_at=now - timedelta(days=20 - days),
        )
    response_times.refresh([te53.pk])
    page = client.get(te53.get_absolute_url()).content.decode()
    assert "Première réponse par Carto" not in page  # four answered: not yet published
    # A fifth, answered by a message before anyone took it: 9 days.
    fifth = SupportRequestFactory(
        structure=te53, offre=te53.offres.first(), waiting_since=now - timedelta(days=9)
    )
    workflow.post_message(fifth, agent, "Bonjour, nous regardons.", Message.Author.STRUCTURE)
    te53.refresh_from_db()
    assert te53.answered_requests == 5 and te53.answer_median_days == 2.0
    assert 8.9 <= te53.answer_p90_days <= 9.1
    page = client.get(te53.get_absolute_url()).content.decode()
    assert "en 2 jours (médiane), 9 demandes sur 10 en 9 jours au plus" in page
    row = next(r for r in structure_rows() if r["id"] == "territoire-energie-mayenne")
    assert row["demandes_repondues_12_mois"] == 5
    assert row["delai_premiere_reponse_median_jours"] == 2.0


def test_a_fiche_without_contact_says_whom_to_contact_instead(client):
    caue = Structure.objects.get(slug="caue-53")
    assert not caue.has_contact
    page = client.get(caue.get_absolute_url()).content.decode()
    assert "Adressez-vous au guichet de l&#x27;ingénierie de la préfecture" in page
    assert DDT in page  # the guichet's generic address, from the ANCT's file


def test_for_a_structure_that_has_not_joined_the_guichet_is_reminded_not_sent_it_twice(settings):
    settings.SUPPORT_UNANSWERED_WORKING_DAYS = 5
    request = SupportRequestFactory(waiting_since=at(2026, 11, 9, 10))  # ATD'EAU, no member
    assert workflow.escalate(request, at(2026, 11, 17, 11))
    mail = OutgoingEmail.objects.get(to=DDT)
    assert "attend une première réponse depuis le 09/11/2026" in mail.body
    assert "ne reçoit pas encore les demandes" in mail.body
    assert "La commune a été prévenue" not in mail.body  # the delay has passed
    assert standing(request).escalated.startswith("Relance envoyée au guichet")


def test_a_rerouted_request_can_be_escalated_for_its_new_structure(settings):
    settings.SUPPORT_UNANSWERED_WORKING_DAYS = 5
    request = SupportRequestFactory(waiting_since=at(2026, 11, 9, 10))
    workflow.escalate(request, at(2026, 11, 17, 11))
    te53 = Structure.objects.get(slug="territoire-energie-mayenne")
    agent = member_of(request.structure)
    workflow.reroute(request, agent, te53, note="Plutôt pour le syndicat d'énergie.")
    request.refresh_from_db()
    assert request.escalated_at is None
    # The rerouting note is not the new structure's answer.
    response_times.refresh([te53.pk])
    te53.refresh_from_db()
    assert te53.answered_requests == 0
