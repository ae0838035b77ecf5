"""Every request reaches a person, and the user is told who before sending: the structure's
members once it has joined, else the département's platform team (its territory admins, else
PLATFORM_EMAIL)."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from accounts.factories import member_of, territory_admin
from directory.index import get_index
from directory.models import Structure
from outbox.models import OutgoingEmail
from support import response_times, workflow
from support.factories import SupportRequestFactory
from support.notifications import new_request_to_structure
from support.routing import route
from territories.models import Commune

pytestmark = pytest.mark.django_db

TEAM = "equipe-plateforme@example.gouv.fr"
GUICHET = "ddt@mayenne.gouv.fr"  # the Mayenne guichet, from the ANCT file (seed)


def test_without_member_nor_admin_the_request_goes_to_the_platform_address(settings):
    settings.PLATFORM_EMAIL = TEAM
    te53 = Structure.objects.get(slug="territoire-energie-mayenne")
    assert route(te53, "53").emails == [TEAM] and not route(te53, "53").direct
    admin = territory_admin("53", email="ddt-animation@example.gouv.fr")
    assert route(te53, "53").emails == [admin.email]
    member = member_of(te53, email="accueil@territoire-energie53.fr")
    assert route(te53, "53").emails == [member.email] and route(te53, "53").direct


def test_every_structure_of_the_seed_gets_its_requests_to_someone(settings):
    """Launch day: no member, no admin; each request still produces an e-mail to a person."""
    settings.PLATFORM_EMAIL = TEAM
    index = get_index()
    communes = list(Commune.objects.for_coverage().filter(departement_id="53"))
    reached, checked = set(), 0
    for structure in Structure.objects.prefetch_related("offres"):
        for offre in structure.offres.filter(for_communes=True):
            commune = next((c for c in communes if offre.pk in index.available(c)), None)
            if commune is None:
                continue  # an offer that covers no Mayenne commune (expired, or elsewhere)
            request = SupportRequestFactory(commune=commune, offre=offre, structure=structure)
            before = OutgoingEmail.objects.count()
            new_request_to_structure(request)
            sent = OutgoingEmail.objects.order_by("-pk")[: OutgoingEmail.objects.count() - before]
            # the préfecture's guichet (the request itself) and the platform team
            assert sorted(e.to for e in sent) == sorted([GUICHET, TEAM]), structure.slug
            reached.add(structure.slug)
            checked += 1
            break
    assert checked >= 55, checked


def test_the_form_and_the_results_say_who_will_answer_before_sending(client, settings):
    form = client.get(
        reverse("support:new"), {"offre": "te53-eclairage-public", "commune": "53271"}
    )
    expected = (
        "Territoire d&#x27;énergie Mayenne (TE53) ne reçoit pas encore les demandes par "
        "Carto&#x27;Ingé : le guichet de l&#x27;ingénierie de la préfecture (Direction "
        "Départementale des Territoires de la Mayenne) vous répond sous 5 jours ouvrés et la "
        "lui transmet."
    )
    assert expected in form.content.decode()
    # the other structures proposed, said once rather than one sentence each
    assert "Les autres structures proposées ci-dessous (" in form.content.decode()
    results = client.get(
        reverse("orientation:results"),
        {"commune": "53271", "q": "remplacer les vieux lampadaires de la rue principale"},
    ).content.decode()
    assert expected in results
    member_of(Structure.objects.get(slug="territoire-energie-mayenne"))
    results = client.get(
        reverse("orientation:results"),
        {"commune": "53271", "q": "remplacer les vieux lampadaires de la rue principale"},
    ).content.decode()
    assert (
        "Territoire d&#x27;énergie Mayenne (TE53) reçoit les demandes par Carto&#x27;Ingé et vous répond."
        in results
    )


def test_the_human_fallback_is_on_every_results_page_and_reaches_the_team(client, settings):
    cache.clear()
    settings.PLATFORM_EMAIL = TEAM
    weak = client.get(reverse("orientation:results"), {"commune": "53248", "q": "xyz qwerty"})
    body = weak.content.decode()
    assert "Poser ma question au guichet de l&#x27;ingénierie de la préfecture" in body
    assert "offre=ddt-53-conseil-aux-territoires" in body
    strong = client.get(
        reverse("orientation:results"),
        {"commune": "53248", "q": "traversée dangereuse dans le bourg"},
    ).content.decode()
    assert (
        "Vous ne trouvez pas ? Poser ma question au guichet de l&#x27;ingénierie de la préfecture"
        in strong
    )
    form = client.get(
        reverse("support:new"), {"offre": "ddt-53-conseil-aux-territoires", "commune": "53248"}
    )
    assert (
        form.status_code == 200
        and "Direction départementale des territoires" in form.content.decode()
    )


def test_an_active_structure_says_its_usual_delay(client):
    te53 = Structure.objects.get(slug="territoire-energie-mayenne")
    agent = member_of(te53)
    now = timezone.now()
    for days in (2, 3, 3, 4, 4):
        SupportRequestFactory(
            structure=te53,
            offre=te53.offres.first(),
            status="prise-en-charge",
            waiting_since=now - timedelta(days=10),
            taken_at=now - timedelta(days=10 - days),
        )
    response_times.refresh([te53.pk])  # as the workflow does when a request is answered
    form = client.get(
        reverse("support:new"), {"offre": "te53-eclairage-public", "commune": "53271"}
    )
    assert "les prend en charge habituellement sous 3 jours." in form.content.decode()
    # a request taken through the workflow is counted at once (2, 3, 3, 4, 4, 10: 3.5)
    late = SupportRequestFactory(
        structure=te53, offre=te53.offres.first(), waiting_since=now - timedelta(days=10)
    )
    workflow.take(late, agent)
    form = client.get(
        reverse("support:new"), {"offre": "te53-eclairage-public", "commune": "53271"}
    )
    assert "les prend en charge habituellement sous 4 jours." in form.content.decode()


def test_a_structure_that_accepts_requests_at_its_address_gets_the_request_itself(client, settings):
    """Before any agent joins, a structure that said so receives the request at its generic
    address: the e-mail carries the request (it has no inbox), and a reply goes to the
    requester. Its members, once they join, come first."""
    settings.PLATFORM_EMAIL = TEAM
    te53 = Structure.objects.get(slug="territoire-energie-mayenne")
    te53.contact_email = "accueil@te53.example"
    te53.accepts_email_requests = True
    te53.save()
    found = route(te53, "53")
    assert found.emails == ["accueil@te53.example"] and found.direct and found.by_email
    form = client.get(
        reverse("support:new"), {"offre": "te53-eclairage-public", "commune": "53271"}
    ).content.decode()
    assert "reçoit les demandes à son adresse de contact" in form
    request = SupportRequestFactory(
        structure=te53, commune=Commune.objects.get(code="53271"), project="Rénover l'éclairage."
    )
    new_request_to_structure(request)
    email = OutgoingEmail.objects.get()
    assert email.to == "accueil@te53.example" and email.reply_to == request.requester_email
    assert "Rénover l'éclairage." in email.body and request.requester_email in email.body
    assert "/suivi/" not in email.body  # the requester's own link stays theirs
    member = member_of(te53, email="agent@te53.example")
    assert route(te53, "53").emails == [member.email] and not route(te53, "53").by_email
