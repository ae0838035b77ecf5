"""One coverage rule everywhere: for every Mayenne commune the commune page, the map, the
map table and the API give the same offers; the EPCI pages and the observatory count the
offers available to all of an EPCI's communes from the same sets."""

import json

import pytest
from django.urls import reverse

from directory.factories import OffreFactory
from directory.index import get_index
from directory.models import Offre
from observatory.coverage import coverage_matrix
from territories.models import Commune

pytestmark = pytest.mark.django_db


@pytest.fixture
def awkward_offers():
    """Offers the rule must get right: reserved to EPCI, bounded by population."""
    OffreFactory(for_communes=False, territory=("departements", ["53"]))
    OffreFactory(population_max=500, territory=("departements", ["53"]))
    OffreFactory(population_min=5000, territory=("epcis", ["245300389"]))


@pytest.mark.usefixtures("awkward_offers")
def test_every_page_counts_the_same_offers_for_every_commune(client):
    communes = list(Commune.objects.filter(departement_id="53").order_by("code"))
    assert len(communes) == 240
    data = json.loads(client.get(reverse("directory:map_data"), {"departement": "53"}).content)
    on_map = {f["properties"]["code"]: f["properties"]["n"] for f in data["communes"]["features"]}
    table = client.get(reverse("directory:map_table"), {"departement": "53"}).context["rows"]
    in_table = {row["commune"].code: row["count"] for row in table}
    index = get_index()
    pages = {}
    for commune in communes:
        expected = set(Offre.objects.covering(commune).values_list("pk", flat=True))
        page = client.get(commune.get_absolute_url()).context["offer"]
        pages[commune.code] = expected
        assert page.total == len(expected) == len(index.available(commune)), commune.code
        assert on_map[commune.code] == in_table[commune.code] == page.total, commune.code
    api = client.get("/api/v1/communes/53107").json()
    assert len(api["offres"]) == len(pages["53107"])

    matrix = coverage_matrix(["53"])
    for row in matrix.rows:
        members = [c.code for c in communes if c.epci_id == row.epci.code]
        if len(members) != row.communes:
            continue  # an EPCI across départements (Sablé): some members are not imported
        whole = set.intersection(*(pages[code] for code in members))
        for slug, _ in matrix.columns:
            assert row.counts[slug] == len(whole & index.by_theme[slug]), (row.epci.code, slug)
        epci_page = client.get(reverse("directory:epci", args=[row.epci.code])).context["offer"]
        assert {o.pk for o in epci_page.whole} == whole, row.epci.code


def test_gorron_counts_alike_on_its_page_and_on_the_map(client):
    """The issue's example: 58 offers on the commune page, 57 in the map table."""
    page = client.get("/communes/53107/").context["offer"]
    table = client.get(reverse("directory:map_table"), {"departement": "53"}).context["rows"]
    assert page.total == next(r["count"] for r in table if r["commune"].code == "53107")
