"""Calls for projects published by a structure from its space: read by the platform team,
then proposed to the communes of their territory like the synchronised aids, origin shown."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.factories import member_of, territory_admin
from directory.models import Phase, Structure, Theme
from funding.models import Aid
from funding.selectors import aids_for
from history.models import Change
from outbox.models import OutgoingEmail
from spaces.models import PendingEdit
from territories.models import Commune

pytestmark = pytest.mark.django_db


@pytest.fixture
def caue():
    return Structure.objects.get(slug="caue-53")


def call(**changes):
    deadline = timezone.localdate() + datetime.timedelta(days=20)
    data = {
        "action": "save",
        "name": "Appel à projets « Cœur de bourg »",
        "description": "Pour les communes qui repensent leur centre-bourg.",
        "eligibility": "Communes de moins de 2 000 habitants.",
        "for_communes": "on",
        "themes": [Theme.objects.get(slug="amenagement-foncier").pk],
        "phases": [Phase.objects.get(slug="emergence").pk],
        "is_engineering": "on",
        "is_call_for_project": "on",
        "amount": "Une étude de faisabilité prise en charge",
        "subvention_rate_max": "",
        "start_date": "",
        "submission_deadline": deadline.isoformat(),
        "origin_url": "https://www.caue53.fr/appel-coeur-de-bourg",
        "application_url": "",
        "territory": ["departement:53"],
        "document_1_title": "Règlement",
        "document_1_url": "www.caue53.fr/reglement.pdf",
    }
    data.update(changes)
    return data


def test_a_call_is_read_by_the_platform_then_proposed_with_its_origin(client, caue):
    member = member_of(caue, email="agent@caue53.example.org")
    client.force_login(member)
    url = reverse("spaces:new_aid", args=[caue.slug])
    bad = client.post(
        url,
        call(
            themes=[],
            territory=[],
            submission_deadline="31/02/2027",
            subvention_rate_max="150",
            document_2_title="Dossier",
        ),
    )
    html = bad.content.decode()
    assert bad.status_code == 400
    for message in [
        "Cochez au moins un thème.",
        "Cochez le territoire que couvre l",
        "Saisissez une date valide",
        "Un taux ne dépasse pas 100 %.",
        "Indiquez l&#x27;adresse de ce document.",
    ]:
        assert message in html
    assert "Cœur de bourg" in html  # nothing typed is lost
    assert not Aid.objects.exists()

    assert client.post(url, call()).status_code == 302
    aid = Aid.objects.get()
    assert (aid.source, aid.status, aid.backer) == (Aid.Source.LOCAL, Aid.Status.PENDING, caue)
    assert aid.documents == [{"title": "Règlement", "url": "https://www.caue53.fr/reglement.pdf"}]
    assert aid.perimeter == "Mayenne" and list(aid.departements.values_list("code", flat=True)) == [
        "53"
    ]
    assert "Cœur de bourg" not in client.get("/financements/").content.decode()  # not yet read
    assert client.get(aid.get_absolute_url()).status_code == 404
    space = client.get(reverse("spaces:manage_structure", args=[caue.slug])).content.decode()
    assert "En relecture" in space

    admin = territory_admin("53")
    client.force_login(admin)
    assert "Cœur de bourg" in client.get(reverse("spaces:platform")).content.decode()
    client.post(
        reverse("spaces:decide"), {"kind": "local_aid", "pk": aid.pk, "decision": "approve"}
    )
    aid.refresh_from_db()
    assert aid.status == Aid.Status.PUBLISHED
    mail = OutgoingEmail.objects.get(to="agent@caue53.example.org")
    assert "est publié" in mail.subject and f"/financements/aides/{aid.pk}/" in mail.body

    listing = client.get("/financements/").content.decode()
    assert "Cœur de bourg" in listing and "publiée par Conseil d" in listing
    fiche = client.get(caue.get_absolute_url()).content.decode()
    assert "Ses appels à projets et aides ouverts" in fiche and aid.get_absolute_url() in fiche
    detail = client.get(aid.get_absolute_url()).content.decode()
    assert "Règlement" in detail and "clôture dans 20 jours" in detail
    commune = Commune.objects.get(code="53097")
    (match,) = aids_for(commune, ["amenagement-foncier"], ["emergence"])
    assert match.aid.name == aid.name and match.aid.link == aid.get_absolute_url()
    assert any(reason.startswith("vise la phase") for reason in match.reasons)
    actions = set(Change.objects.filter(object_id=caue.pk).values_list("action", flat=True))
    assert {"appel ou aide proposé", "appel ou aide publié"} <= actions


def test_a_refused_call_says_why_and_returns_to_reading_once_corrected(client, caue):
    member = member_of(caue, email="agent@caue53.example.org")
    client.force_login(member)
    client.post(reverse("spaces:new_aid", args=[caue.slug]), call())
    aid = Aid.objects.get()
    client.force_login(territory_admin("53"))
    client.post(
        reverse("spaces:decide"),
        {
            "kind": "local_aid",
            "pk": aid.pk,
            "decision": "reject",
            "reason": "La page de l'appel est introuvable.",
        },
    )
    mail = OutgoingEmail.objects.get(to="agent@caue53.example.org")
    assert "La page de l'appel est introuvable." in mail.body
    client.force_login(member)
    edit = reverse("spaces:edit_aid", args=[aid.pk])
    assert "Motif : La page de l" in client.get(edit).content.decode()
    client.post(edit, call(origin_url="https://www.caue53.fr/appels"))
    aid.refresh_from_db()
    assert aid.status == Aid.Status.PENDING and aid.moderation_reason == ""


def test_only_the_structure_edits_its_calls_and_only_its_territory_moderates(client, caue):
    client.force_login(member_of(caue))
    client.post(reverse("spaces:new_aid", args=[caue.slug]), call())
    aid = Aid.objects.get()
    other = Structure.objects.exclude(pk=caue.pk).first()
    client.force_login(member_of(other))
    assert client.get(reverse("spaces:edit_aid", args=[aid.pk])).status_code == 404
    assert client.get(reverse("spaces:new_aid", args=[caue.slug])).status_code == 404
    client.force_login(territory_admin("35"))
    response = client.post(
        reverse("spaces:decide"), {"kind": "local_aid", "pk": aid.pk, "decision": "approve"}
    )
    assert response.status_code == 403
    aid.refresh_from_db()
    assert aid.status == Aid.Status.PENDING


def test_a_published_call_edited_is_read_again_and_a_withdrawn_one_is_gone(client, caue):
    """Issue 26: an edit of a published call went online unread. Now the published version
    stays online until the platform team accepts the change, which is then applied."""
    member = member_of(caue, email="agent@caue53.example.org")
    client.force_login(member)
    client.post(reverse("spaces:new_aid", args=[caue.slug]), call())
    aid = Aid.objects.get()
    aid.status = Aid.Status.PUBLISHED
    aid.save()
    edit = reverse("spaces:edit_aid", args=[aid.pk])
    sent = client.post(
        edit, call(name="Appel « Cœur de bourg » 2027", territory=["epci:200083392"]), follow=True
    )
    assert "la version publiée reste en ligne" in sent.content.decode()
    aid.refresh_from_db()
    assert aid.name == "Appel à projets « Cœur de bourg »" and aid.scope == Aid.Scope.DEPARTEMENTAL
    assert "attend la relecture" in client.get(edit).content.decode()
    client.force_login(territory_admin("53"))
    queue = client.get(reverse("spaces:platform")).content.decode()
    assert "Modifications de contenus publiés (1)" in queue and "2027" in queue
    pending = PendingEdit.objects.get()
    client.post(reverse("spaces:decide"), {"kind": "edit", "pk": pending.pk, "decision": "approve"})
    aid.refresh_from_db()
    assert aid.status == Aid.Status.PUBLISHED and aid.scope == Aid.Scope.LOCAL
    assert aid.name == "Appel « Cœur de bourg » 2027"
    assert aid.perimeter == "CA Laval Agglomération"
    assert not aids_for(Commune.objects.get(code="53097"), ["amenagement-foncier"])  # Évron
    assert OutgoingEmail.objects.filter(to=member.email, subject__contains="publiée").exists()
    client.force_login(member)
    client.post(edit, {"action": "withdraw"})
    aid.refresh_from_db()
    assert aid.archived_at is not None
    assert aid.get_absolute_url() not in client.get("/financements/").content.decode()
    assert client.get(aid.get_absolute_url()).status_code == 410


def test_the_platform_team_is_told_of_what_waits_for_it_even_on_launch_day(client, caue, settings):
    settings.PLATFORM_EMAIL = "equipe-plateforme@example.gouv.fr"  # nobody has joined yet
    client.force_login(member_of(caue))
    client.post(reverse("spaces:new_aid", args=[caue.slug]), call())
    mail = OutgoingEmail.objects.get(to="equipe-plateforme@example.gouv.fr")
    assert mail.subject.startswith("À relire : un appel à projets")
    assert "/espace/plateforme/" in mail.body
    territory_admin("53", email="ddt53@example.gouv.fr")
    client.post(
        reverse("spaces:new_event", args=[caue.slug]),
        {
            "title": "Réunion",
            "description": "Info.",
            "audiences": ["elus"],
            "starts_at": (timezone.localtime() + datetime.timedelta(days=9)).strftime(
                "%Y-%m-%dT%H:%M"
            ),
            "place": "Laval",
        },
    )
    assert OutgoingEmail.objects.filter(
        to="ddt53@example.gouv.fr", subject__contains="formation"
    ).exists()
