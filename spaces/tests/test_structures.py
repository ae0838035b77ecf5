"""The structure space: the fiche and offers under the seed's rules, confirmation, proposals."""

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.factories import member_of, territory_admin
from directory.index import get_index
from directory.models import Offre, Proposal, Structure
from history.models import Change

pytestmark = pytest.mark.django_db


@pytest.fixture
def caue():
    return Structure.objects.get(slug="caue-53")


def fiche(structure, **changes):
    data = {
        "action": "save", "name": structure.name, "acronym": structure.acronym,
        "description": structure.description, "seat_town": structure.seat_town,
        "website": structure.website, "contact_url": "", "contact_email": "", "contact_phone": "",
    }  # fmt: skip
    data.update(changes)
    return data


def test_a_member_edits_the_fiche_with_the_seed_rules_and_the_change_is_kept(client, caue):
    member = member_of(caue)
    client.force_login(member)
    url = reverse("spaces:manage_structure", args=[caue.slug])
    response = client.post(url, fiche(caue, contact_phone="12 34", description=""))
    html = response.content.decode()
    assert response.status_code == 400
    assert "Saisissez un numéro de téléphone français, par exemple 02 43 00 00 00." in html
    assert "Ce champ est obligatoire." in html
    assert 'value="12 34"' in html  # nothing typed is lost
    response = client.post(url, fiche(caue, contact_phone="02 43 56 41 70", seat_town="Laval"))
    assert response.status_code == 302
    caue.refresh_from_db()
    assert caue.contact_phone == "02 43 56 41 70"
    change = Change.objects.get(model="structure", object_id=caue.pk, action="modification")
    assert change.actor == member and "Standard téléphonique" in change.summary
    assert "53" in change.departements


def test_confirming_the_fiche_shows_the_date_publicly(client, caue):
    client.force_login(member_of(caue))
    client.post(reverse("spaces:manage_structure", args=[caue.slug]), {"action": "confirm"})
    html = client.get(caue.get_absolute_url()).content.decode()
    assert f"Vérifiée par la structure le {timezone.localdate():%d/%m/%Y}" in html
    assert "à confirmer par la structure" not in html


def test_an_offer_without_theme_is_refused_in_french(client, caue):
    offre = caue.offres.first()
    client.force_login(member_of(caue))
    url = reverse("spaces:manage_offre", args=[offre.slug])
    form = client.get(url).context["form"]
    data = {name: form.initial.get(name) for name in form.fields}
    data = {k: v for k, v in data.items() if v is not None and v is not False}
    data["themes"] = []
    data["help_kinds"] = [h.pk for h in offre.help_kinds.all()]
    data["phases"] = [p.pk for p in offre.phases.all()]
    response = client.post(url, data)
    assert response.status_code == 400
    assert "Ce champ est obligatoire." in response.content.decode()


def test_a_proposed_offer_is_published_by_the_territory_admin_and_found(client, caue):
    client.force_login(member_of(caue))
    from directory.models import HelpKind, Phase, Theme

    data = {
        "title": "Conseil pour la rénovation des façades du bourg",
        "summary": "Un architecte conseiller vient sur place et conseille la commune.",
        "themes": [Theme.objects.get(slug="architecture-batiment").pk],
        "help_kinds": [HelpKind.objects.first().pk],
        "phases": [Phase.objects.first().pk],
        "cost": "gratuit",
        "for_communes": "on",
        "scope": "departements",
        "codes": "53, 99",
    }
    url = reverse("spaces:propose_offre", args=[caue.slug])
    response = client.post(url, data)
    assert response.status_code == 400 and "Code « 99 » absent du référentiel" in (
        response.content.decode()
    )
    data["codes"] = "53"
    assert client.post(url, data).status_code == 302
    proposal = Proposal.objects.get()
    assert proposal.departements == ["53"]
    assert not Offre.objects.filter(title=data["title"]).exists()  # not before approval
    client.force_login(territory_admin("72"))
    assert (
        client.post(
            "/espace/plateforme/decision/",
            {"kind": "proposal", "pk": proposal.pk, "decision": "approve"},
        ).status_code
        == 403
    )
    client.force_login(territory_admin("53"))
    client.post(
        "/espace/plateforme/decision/",
        {"kind": "proposal", "pk": proposal.pk, "decision": "approve"},
    )
    offre = Offre.objects.get(title=data["title"])
    assert offre.structure == caue and offre.pk in get_index().offers


def test_changes_made_in_the_admin_are_in_the_history(client, caue):
    from accounts.factories import UserFactory

    root = UserFactory(email="root@example.gouv.fr", is_superuser=True, is_staff=True)
    client.force_login(root)
    url = reverse("admin:directory_structure_change", args=[caue.pk])
    form = client.get(url).context["adminform"].form
    data = {name: form.initial.get(name) for name in form.fields}
    data = {k: ("" if v is None else v) for k, v in data.items()}
    data["sources"] = form.fields["sources"].prepare_value(data["sources"])  # as rendered
    data.update(
        {
            "acronym": "CAUE53",
            "seat_commune": caue.seat_commune_id or "",
            "epci": "",
            "offres-TOTAL_FORMS": "0",
            "offres-INITIAL_FORMS": "0",
        }
    )
    data = {k: v for k, v in data.items() if v is not False}
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    change = Change.objects.get(model="structure", object_id=caue.pk)
    assert change.action == "modification (administration)" and "Sigle" in change.summary


def test_an_agent_proposes_a_new_structure_and_becomes_its_admin_once_published(client):
    from accounts.factories import UserFactory
    from accounts.models import Membership

    agent = UserFactory(email="contact@nouvelle-structure.example.org")
    client.force_login(agent)
    url = reverse("spaces:propose_structure")
    data = {
        "name": "Agence de test des communes", "acronym": "", "kind": "association",
        "description": "", "seat_town": "Laval", "website": "", "contact_url": "",
        "contact_email": "", "contact_phone": "", "departement": "53", "source": "",
    }  # fmt: skip
    response = client.post(url, data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "Indiquez une page publique qui présente la structure." in html
    assert 'value="Agence de test des communes"' in html
    data.update(description="Conseil aux communes rurales.", source="agence.example.org")
    assert client.post(url, data).status_code == 302
    proposal = Proposal.objects.get(kind="structure")
    assert not Structure.objects.filter(name=data["name"]).exists()
    client.force_login(territory_admin("53"))
    client.post(
        "/espace/plateforme/decision/",
        {"kind": "proposal", "pk": proposal.pk, "decision": "approve"},
    )
    structure = Structure.objects.get(name=data["name"])
    assert structure.validation == Structure.Validation.TO_CONFIRM
    assert [s.url for s in structure.source_list] == ["https://agence.example.org"]
    assert Membership.objects.get(structure=structure).user == agent


def test_contacts_typed_in_the_space_are_marked_as_the_structures_own(client, caue):
    client.force_login(member_of(caue))
    url = reverse("spaces:manage_structure", args=[caue.slug])
    response = client.post(url, fiche(caue, accepts_email_requests="on"))
    assert response.status_code == 400
    assert "Indiquez l&#x27;adresse de contact à laquelle envoyer les demandes." in (
        response.content.decode()
    )
    client.post(
        url,
        fiche(
            caue,
            contact_email="accueil@caue53.example",
            postal_address="1 rue de l'Exemple\n53000 Laval",
            opening_hours="Du lundi au vendredi, 9 h – 12 h",
        ),
    )
    caue.refresh_from_db()
    assert caue.postal_address == "1 rue de l'Exemple\n53000 Laval"
    origin = caue.contact_sources["contact_email"]
    assert origin["origine"] == "structure" and origin["date"] == str(timezone.localdate())
    body = client.get(caue.get_absolute_url()).content.decode()
    assert "Saisi par la structure sur Carto&#x27;Ingé" in body
    assert "Du lundi au vendredi, 9 h – 12 h" in body


def test_a_member_publishes_then_withdraws_their_own_details(client, caue):
    member = member_of(caue)
    client.force_login(member)
    url = reverse("spaces:manage_structure", args=[caue.slug])
    assert "Rien de vous n'apparaît sur la fiche publique" in client.get(url).content.decode()
    response = client.post(url, {"action": "publish", "public_phone": "12"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Indiquez le nom à afficher, ou ne publiez rien." in html and 'value="12"' in html
    client.post(
        url,
        {
            "action": "publish",
            "public_name": "Claire Exemple",
            "public_role": "architecte",
            "public_phone": "02 61 91 00 20",
        },
    )
    public = client.get(caue.get_absolute_url()).content.decode()
    assert "Claire Exemple" in public and "architecte" in public and "02 61 91 00 20" in public
    client.post(url, {"action": "withdraw"})
    public = client.get(caue.get_absolute_url()).content.decode()
    assert "Claire Exemple" not in public
    membership = member.memberships.get()
    assert membership.public_name == "" and membership.published_at is None
    assert Change.objects.filter(action="interlocuteur retiré").exists()


def test_nothing_of_a_member_is_public_until_they_publish_it(client, caue):
    member_of(caue, email="claire.exemple@caue53.example")
    body = client.get(caue.get_absolute_url()).content.decode()
    assert "claire.exemple" not in body and "Interlocuteurs" not in body
