"""One instance for one département, several, or France (`SITE_DEPARTEMENTS=all`): the
defaults follow, the home page lets a visitor pick their département."""

import pytest
from django.urls import reverse

from territories import site
from territories.models import Departement

pytestmark = pytest.mark.django_db


def test_a_list_of_codes_is_served_as_given(settings):
    settings.SITE_DEPARTEMENTS = ["53", "72"]
    assert not site.serves_all()
    assert site.served_codes() == ["53", "72"] and site.import_scope() == ["53", "72"]
    assert site.default_departement() == "53"


def test_all_serves_every_departement_of_the_referential(settings):
    settings.SITE_DEPARTEMENTS = ["all"]
    assert site.serves_all() and site.import_scope() is None
    assert site.served_codes() == sorted(Departement.objects.values_list("code", flat=True))
    assert len(site.served_codes()) > 90


def test_the_home_page_lets_a_visitor_pick_their_departement(client, settings):
    settings.SITE_DEPARTEMENTS = ["53"]
    page = client.get("/").content.decode()
    assert "L'ingénierie publique de la Mayenne" in page and "Votre département" not in page
    assert 'href="/departements/53/">La Mayenne</a>' in page  # the header's link
    settings.SITE_DEPARTEMENTS = ["35"]
    assert 'href="/departements/35/">Ille-et-Vilaine</a>' in client.get("/").content.decode()
    settings.SITE_DEPARTEMENTS = ["all"]
    page = client.get("/").content.decode()
    assert "Votre département" in page and '<option value="72">72 — Sarthe</option>' in page
    assert '<a class="fr-nav__link" href="/#accueil-departement">Départements</a>' in page
    pick = reverse("directory:departement_pick")
    assert client.get(pick, {"departement": "72"})["Location"] == "/departements/72/"
    assert client.get(pick, {"departement": "<script>"})["Location"] == "/"


def test_a_national_instance_still_opens_the_observatory_and_the_map(client, settings):
    settings.SITE_DEPARTEMENTS = ["all"]
    assert client.get(reverse("observatory:summary")).status_code == 200
    assert client.get(reverse("directory:map")).status_code == 200


def test_the_directory_and_the_api_filter_by_departement(client, settings):
    from directory.factories import OffreFactory, StructureFactory
    from directory.models import Offre

    settings.SITE_DEPARTEMENTS = ["53", "72"]
    sarthe = StructureFactory(name="Service d'essai de la Sarthe")
    offre = OffreFactory(structure=sarthe, scope=Offre.Scope.DEPARTEMENTS)
    offre.departements.set(["72"])
    page = client.get("/annuaire/", {"departement": "53"}).content.decode()
    assert "Service d&#x27;essai de la Sarthe" not in page
    assert (
        "Service d&#x27;essai de la Sarthe"
        in client.get("/annuaire/", {"departement": "72", "q": "essai"}).content.decode()
    )
    assert 'name="departement"' in page  # the filter shows when several are served
    slugs = [
        o["slug"]
        for o in client.get("/api/v1/offres", {"departement": "72", "page_size": 100}).json()[
            "results"
        ]
    ]
    assert offre.slug in slugs
    assert client.get("/api/v1/offres", {"departement": "XX"}).status_code == 400


@pytest.mark.parametrize(
    ("town", "liaison", "expected"),
    [
        ("Argentan", 1, "d'Argentan"),
        ("Le Havre", 2, "du Havre"),
        ("Les Andelys", 4, "des Andelys"),
        ("La Flèche", 3, "de La Flèche"),
        ("Mamers", 0, "de Mamers"),
        ("Honfleur", 1, "d'Honfleur"),
        ("Hazebrouck", 0, "de Hazebrouck"),
    ],
)
def test_a_town_takes_its_preposition(town, liaison, expected):
    """« Sous-préfecture d'Argentan », not « de Argentan » (onboarding's templates), from the
    commune's INSEE type of liaison."""
    assert site.of_town(town, liaison) == expected
