"""The coverage matrix agrees with the coverage rule, cell by cell."""

import pytest

from directory.factories import OffreFactory, ThemeFactory
from directory.models import Offre
from observatory.coverage import coverage_matrix
from territories.models import Commune

pytestmark = pytest.mark.django_db


def brute_force(epci_code: str, theme_slug: str) -> int:
    communes = list(Commune.objects.filter(epci_id=epci_code))
    offers = Offre.objects.filter(for_communes=True, themes__slug=theme_slug)
    covering = [
        set(Offre.objects.covering(c).filter(pk__in=offers).values_list("pk", flat=True))
        for c in communes
    ]
    return len(set.intersection(*covering))


def test_every_cell_of_the_mayenne_matrix_follows_the_rule():
    matrix = coverage_matrix(["53"])
    assert len(matrix.rows) == 10  # the 10 EPCI with a member in Mayenne, Sablé's included
    for row in matrix.rows:
        for slug, _ in matrix.columns:
            assert row.counts[slug] == brute_force(row.epci.code, slug), (row.epci.code, slug)


def test_a_small_directory_shows_its_gaps_and_what_fills_them():
    theme = ThemeFactory(slug="theme-observatoire", name="Thème de l'observatoire")
    matrix = coverage_matrix(["53"])
    assert all(row.counts[theme.slug] == 0 for row in matrix.rows)
    assert {(row.epci.code, slug) for row, slug, _ in matrix.gaps()} >= {
        (row.epci.code, theme.slug) for row in matrix.rows
    }
    OffreFactory(themes=[theme], territory=("epcis", ["245300389"]))  # CC du Bocage Mayennais
    OffreFactory(themes=[theme], territory=("departements", ["53"]))
    OffreFactory(themes=[theme], territory=("communes", ["53107"]))  # one commune only
    OffreFactory(themes=[theme], territory=("departements", ["53"]), population_max=999)
    counts = {r.epci.code: r.counts[theme.slug] for r in coverage_matrix(["53"]).rows}
    assert counts["245300389"] == 2  # its own offer and the département's
    assert counts["200083392"] == 1  # Laval Agglomération: the département's only
    # Laval has more than 999 inhabitants: the limited offer does not cover all of its EPCI
    assert counts["200083392"] == brute_force("200083392", theme.slug)
    assert matrix.level(0) == "absente" and matrix.level(1) == "faible"
