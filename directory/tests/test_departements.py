"""« The départements a structure works in » has one definition (`Structure.departements`)
with its SQL form (`StructureQuerySet.working_in`): the teams told of what a structure
submits are the teams that may moderate it, whether its seat and its offers lie in one
département or in several."""

import pytest
from django.test import Client
from django.urls import reverse

from accounts import permissions
from accounts.factories import territory_admin
from directory.factories import OffreFactory, StructureFactory
from directory.models import Offre, Structure, Theme
from library.models import Resource
from outbox.models import OutgoingEmail
from support.routing import team_emails
from territories.models import Commune


def seated_in_mayenne_working_in_sarthe() -> Structure:
    structure = StructureFactory(seat_commune=Commune.objects.get(code="53130"))
    offre = OffreFactory(structure=structure, scope=Offre.Scope.DEPARTEMENTS)
    offre.departements.set(["72"])
    return structure


@pytest.mark.django_db
def test_the_two_forms_agree_on_every_structure_and_departement():
    seated_in_mayenne_working_in_sarthe()
    OffreFactory(structure=StructureFactory(), scope=Offre.Scope.FRANCE)  # no seat, no place
    worked_in = {structure.pk: structure.departements() for structure in Structure.objects.all()}
    codes = set().union(*worked_in.values())
    assert {"53", "72"} <= codes
    for code in codes | {"35"}:
        in_python = {pk for pk, departements in worked_in.items() if code in departements}
        in_sql = set(Structure.objects.working_in({code}).values_list("pk", flat=True))
        assert in_python == in_sql, code


@pytest.mark.django_db
def test_a_structure_seated_in_one_departement_and_working_in_another_is_both_teams_business():
    structure = seated_in_mayenne_working_in_sarthe()
    mayenne, sarthe, ille = territory_admin("53"), territory_admin("72"), territory_admin("35")
    assert structure.departements() == {"53", "72"}
    for team in (mayenne, sarthe):
        assert permissions.can_moderate_structure(team, structure)
        assert permissions.can_edit_structure(team, structure)
    assert not permissions.can_moderate_structure(ille, structure)
    assert not permissions.can_edit_structure(ille, structure)
    assert team_emails(structure) == sorted([mayenne.email, sarthe.email])


@pytest.mark.django_db
def test_the_team_of_the_offers_departement_is_told_and_finds_it_in_its_queue():
    structure = seated_in_mayenne_working_in_sarthe()
    sarthe = territory_admin("72")
    member = territory_admin("53")  # edits the fiche as a team of one of its départements
    client = Client()
    client.force_login(member)
    response = client.post(
        reverse("spaces:new_resource", args=[structure.slug]),
        {
            "title": "Guide des haies",
            "summary": "Planter et entretenir une haie.",
            "kind": "guide",
            "url": "https://example.org/haies",
            "published_on": "02/11/2026",
            "themes": [Theme.objects.get(slug="biodiversite").pk],
            "audience": Resource.Audience.choices[0][0],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert OutgoingEmail.objects.filter(to=sarthe.email, body__contains="Guide des haies").exists()
    client.force_login(sarthe)
    assert "Guide des haies" in client.get(reverse("spaces:platform")).content.decode()
