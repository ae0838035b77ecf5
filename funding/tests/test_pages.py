"""/financements/: the open aids for communes, filtered, nearest deadline first, without
JavaScript; the same filters as iCal (one event per deadline) and Atom feeds."""

import pytest
from django.core.management import call_command

from .fake_api import TOKEN, serving

pytestmark = pytest.mark.django_db


@pytest.fixture
def synced(settings):
    with serving() as server:
        settings.AIDES_TERRITOIRES_TOKEN = TOKEN
        settings.AIDES_TERRITOIRES_URL = server.base
        call_command("sync_aides_territoires", verbosity=0)


def test_the_open_aids_nearest_deadline_first(client, synced):
    html = client.get("/financements/").content.decode()
    order = [
        html.index("Dotation d&#x27;équipement des communes rurales"),  # 31/01/2099
        html.index("Rénover les bâtiments scolaires"),  # 30/06/2099
        html.index("Fonds de concours pour les écoles"),  # 30/09/2099
        html.index("Accompagnement en ingénierie des petites communes"),  # permanente
    ]
    assert order == sorted(order)
    assert "Appel à projets friches 2020" not in html  # closed
    assert "Chèque rénovation des particuliers" not in html  # not for communes
    evron = client.get("/financements/", {"commune": "53097"}).content.decode()
    assert "Fonds de concours pour les écoles" not in evron  # Laval Agglomération's only
    engineering = client.get("/financements/", {"nature": "ingenierie"}).content.decode()
    assert "1 aide ou appel ouvert" in engineering


def test_a_wrong_filter_is_explained_and_the_others_kept(client, synced):
    response = client.get("/financements/", {"theme": "inconnu", "nature": "ingenierie"})
    html = response.content.decode()
    assert response.status_code == 200
    assert (
        "Un filtre n&#x27;a pas pu être appliqué" in html
        or "Un filtre n'a pas pu être appliqué" in html
    )
    assert "1 aide ou appel ouvert" in html
    none = client.get("/financements/", {"echeance": "30"}).content.decode()
    assert "Aucune aide datée ne correspond à ces filtres" in none


def test_the_page_is_never_empty_on_launch_day(client, django_user_model):
    """No synchronised aid, no local call: the directory's permanent schemes are listed, at
    least ten for any Mayenne commune; the missing catalogue is said to the platform team
    only (issue 28 §3)."""
    from directory.models import Offre
    from funding.selectors import permanent_schemes
    from territories.models import Commune

    html = client.get("/financements/").content.decode()
    assert "Dispositifs permanents" in html and "DETR" in html
    assert "n&#x27;a pas encore été chargé" not in html and "élargissez" not in html
    fewest = min(
        permanent_schemes({"commune": commune}).count()
        for commune in Commune.objects.for_coverage().filter(departement="53")
    )
    assert fewest >= 10
    assert all(o.cost == Offre.Cost.FUNDING for o in permanent_schemes({}))
    roads = client.get("/financements/", {"theme": "voirie"}).content.decode()
    assert "Amendes de police" in roads and "Fonds européens LEADER" not in roads


def test_ical_one_event_per_deadline_and_atom_of_new_aids(client, synced):
    ics = client.get("/financements/echeances.ics", {"theme": "transition-energetique"})
    assert ics["Content-Type"].startswith("text/calendar")
    body = ics.content.decode()
    assert body.count("BEGIN:VEVENT") == 1 and "DTSTART;VALUE=DATE:20990630" in body
    assert "Clôture : Rénover les bâtiments scolaires" in body.replace("\r\n ", "")
    all_deadlines = client.get("/financements/echeances.ics").content.decode()
    assert all_deadlines.count("BEGIN:VEVENT") == 3  # the permanent ones have no deadline
    atom = client.get("/financements/nouvelles.atom")
    assert atom["Content-Type"].startswith("application/atom+xml")
    assert atom.content.decode().count("<entry>") == 5


def test_the_commune_page_links_to_its_open_aids_by_theme(client, synced):
    page = client.get("/communes/53130/").content.decode()  # Laval
    assert 'hx-get="/financements/communes/53130/"' in page  # loaded in place with htmx
    assert 'href="/financements/communes/53130/"' in page  # and a link without JavaScript
    html = client.get("/financements/communes/53130/").content.decode()
    assert "Aides et appels à projets ouverts pour Laval" in html
    assert 'id="aides-transition-energetique"' in html
    assert "Rénover les bâtiments scolaires" in html
    assert "Appel à projets friches 2020" not in html  # closed
    evron = client.get("/financements/communes/53097/", HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in evron  # the part only, for htmx
    assert "Fonds de concours pour les écoles" not in evron
    assert client.get("/financements/communes/99999/").status_code == 404


def test_the_api_lists_the_same_open_aids(client, synced):
    body = client.get("/api/v1/aides", {"commune": "53130", "page_size": 2}).json()
    html = client.get("/financements/", {"commune": "53130"}).content.decode()
    assert body["count"] == 4 and f"{body['count']} aides ou appels ouverts" in html
    assert body["pages"] == 2 and len(body["results"]) == 2
    first = body["results"][0]
    assert first["nom"].startswith("Dotation d'équipement des communes rurales")
    assert first["cloture"] == "2099-01-31" and first["echeance"] == "clôture le 31/01/2099"
    assert first["territoire"] == "departemental" and first["porteurs"] == [
        "Préfecture de la Mayenne"
    ]
    engineering = client.get("/api/v1/aides", {"nature": "ingenierie"}).json()
    assert [a["identifiant"] for a in engineering["results"]] == ["900003"]
    assert client.get("/api/v1/aides", {"nature": "autre"}).status_code == 400
    assert client.get("/api/v1/aides", {"commune": "99999"}).status_code == 400
