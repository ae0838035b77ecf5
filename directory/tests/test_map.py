import json

import pytest
from django.urls import reverse

from directory import maps
from directory.models import Offre
from territories.models import Commune

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("counts", "ranges"),
    [
        ([], []),
        ([0, 0], []),
        ([3, 3, 3], [(3, 3)]),
        ([1, 2, 3, 4, 5, 6, 7, 8], [(1, 2), (3, 4), (5, 6), (7, 8)]),
        ([0, 1, 1, 1, 9], [(1, 8), (9, 9)]),
    ],
)
def test_class_ranges(counts, ranges):
    assert maps.class_ranges(counts) == ranges


def test_count_class():
    ranges = [(1, 2), (3, 4), (5, 8)]
    assert [maps.count_class(n, ranges) for n in (0, 1, 2, 3, 5, 8, 9)] == [0, 1, 1, 2, 3, 3, 3]


@pytest.mark.parametrize("theme", ["", "voirie", "numerique-donnees"])
def test_counts_are_the_offers_covering_each_commune(client, theme):
    data = json.loads(client.get(reverse("directory:map_data"), {"theme": theme}).content)
    features = {f["properties"]["code"]: f["properties"] for f in data["communes"]["features"]}
    assert len(features) == 240
    for code in ("53107", "53130", "53037", "53016"):
        expected = Offre.objects.covering(Commune.objects.get(code=code)).filter(for_communes=True)
        if theme:
            expected = expected.filter(themes__slug=theme)
        assert features[code]["n"] == expected.count(), code


def test_map_data_highlights_the_selected_commune_and_its_epci(client):
    data = json.loads(client.get(reverse("directory:map_data"), {"commune": "53107"}).content)
    assert data["selected"] == "53107"
    assert data["epci"]["geometry"]["type"] in {"Polygon", "MultiPolygon"}
    seats = [s for place in data["structures"] for s in place["structures"]]
    assert any(s["nom"].startswith("Territoire d'énergie Mayenne") for s in seats)
    assert all(s["url"].startswith("/structures/") for s in seats)
    # one marker per group of seats that would overlap, the busiest first: Laval's dozens
    # and Changé next door in one place
    laval = data["structures"][0]
    assert laval["commune"].startswith("Laval, ") and "Changé" in laval["commune"]
    assert len(laval["structures"]) > 10
    places = [(p["lat"], p["lon"]) for p in data["structures"]]
    for i, (lat, lon) in enumerate(places):
        for other_lat, other_lon in places[i + 1 :]:
            assert abs(lat - other_lat) >= maps.NEARBY or abs(lon - other_lon) >= maps.NEARBY


def test_the_default_measure_shows_differences_and_says_what_it_measures(client):
    """Département-wide offers are the same everywhere: the default shading counts the offers
    proper to each commune's territory, and the legend says so."""
    data = json.loads(client.get(reverse("directory:map_data")).content)
    props = [f["properties"] for f in data["communes"]["features"]]
    differences = {p["n"] - p["propres"] for p in props}
    assert len(differences) == 1  # the same département-wide offers everywhere
    everywhere = differences.pop()
    assert len({p["propres"] for p in props}) > 3  # the communes differ
    assert len({p["classe"] for p in props}) >= 3
    body = client.get(reverse("directory:map")).content.decode()
    assert f"en plus des {everywhere} offres qui couvrent tout le département" in body
    every = client.get(reverse("directory:map"), {"mesure": "toutes"}).content.decode()
    assert "Toutes les offres qui couvrent la commune" in every


def test_map_page_has_a_legend_a_text_alternative_and_no_inline_script(client):
    body = client.get(reverse("directory:map"), {"theme": "numerique-donnees"}).content.decode()
    assert "Légende" in body and "communes" in body
    assert "Voir les mêmes informations sous forme de tableau" in body
    assert "<noscript>" in body
    assert "<script>" not in body  # every script is a file (strict CSP)


def test_unknown_filter_is_explained(client):
    body = client.get(reverse("directory:map"), {"theme": "inconnu"}).content.decode()
    assert "Valeur inconnue : ce filtre est ignoré." in body


def test_table_sorts_and_says_how(client):
    body = client.get(
        reverse("directory:map_table"), {"theme": "numerique-donnees", "tri": "-offres"}
    ).content.decode()
    assert 'aria-sort="descending"' in body
    assert body.count("<tr") == 241
    first = body.index("<tbody>")
    assert "Laval" not in body[first : first + 400]  # Laval Agglomération has no Mayenne THD
    body = client.get(reverse("directory:map_table"), {"tri": "nom"}).content.decode()
    assert 'aria-sort="ascending"' in body
