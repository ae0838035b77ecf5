import pytest

from directory import selectors
from directory.factories import OffreFactory, ThemeFactory
from directory.index import get_index
from directory.models import Offre
from territories.models import EPCI, Commune, DatasetImport

pytestmark = pytest.mark.django_db

MAYENNE_EPCI_STRUCTURES = {
    "epci-200083392", "epci-200033298", "epci-200042182", "epci-200048551", "epci-200055887",
    "epci-245300223", "epci-245300355", "epci-245300389", "epci-245300447",
}  # fmt: skip


def covering_slugs(code):
    return set(
        Offre.objects.covering(Commune.objects.get(code=code)).values_list("slug", flat=True)
    )


def structures_covering(code):
    commune = Commune.objects.get(code=code)
    return set(Offre.objects.covering(commune).values_list("structure__slug", flat=True))


def test_sql_and_index_coverage_rules_agree_on_every_commune_and_offer():
    OffreFactory(population_max=1000, territory=("departements", ["53"]))
    OffreFactory(for_communes=False, territory=("departements", ["53"]))  # for EPCI only
    index = get_index()
    for commune in Commune.objects.all():
        in_sql = set(Offre.objects.covering(commune).values_list("pk", flat=True))
        assert in_sql == index.available(commune), commune.code


def closest(entry, commune) -> str | None:
    """How an offer's territory includes the commune, the closest way, offer by offer: the
    slow oracle of `DirectoryIndex.relations`."""
    if commune.epci_id and commune.epci_id in entry.epcis:
        return "epci"
    if commune.code in entry.communes:
        return "communes"
    if commune.departement_id in entry.departements:
        return "departements"
    if commune.region_id in entry.regions:
        return "regions"
    return "france" if entry.scope == Offre.Scope.FRANCE else None


def relation(commune, offre) -> str | None:
    return get_index().relations(commune, [{offre.pk}]).get(offre.pk)


def test_the_in_memory_index_names_the_closest_territory():
    offers = get_index().offers
    for commune in Commune.objects.all():
        expected = {pk: closest(offers[pk], commune) for pk in get_index().covering(commune)}
        assert all(expected.values())
        assert get_index().relations(commune, [set(offers)]) == expected, commune.code
        # Offers of any of several sets (the themes of a request), sets that overlap.
        evens, odds = {pk for pk in offers if pk % 2 == 0}, {pk for pk in offers if pk % 2}
        halves = [evens | set(list(odds)[:5]), odds]
        assert get_index().relations(commune, halves) == expected, commune.code
    gorron = Commune.objects.get(code="53107")

    def for_gorron(slug):
        return relation(gorron, Offre.objects.get(slug=slug))

    assert for_gorron("gal-haute-mayenne-leader") == "epci"
    assert for_gorron("te53-eclairage-public") == "departements"
    assert for_gorron("cnfpt-formation-agents") == "france"
    assert for_gorron("region-pdl-aides-territoires") == "regions"


def test_the_index_follows_every_change_of_the_directory():
    gorron = Commune.objects.get(code="53107")
    offre = OffreFactory(territory=("departements", ["01"]))
    assert relation(gorron, offre) is None
    offre.departements.add("53")  # a link changed, the offer row did not
    assert relation(gorron, offre) == "departements"
    theme = ThemeFactory()
    offre.themes.add(theme)
    assert offre.pk in get_index().by_theme[theme.slug]
    offre.for_communes = False
    offre.save()
    assert offre.pk not in get_index().offers
    Offre.objects.filter(pk=offre.pk).delete()
    assert offre.pk not in get_index().by_theme[theme.slug]


def test_the_index_names_the_territories_and_follows_a_referential_import():
    gorron = Commune.objects.get(code="53107")
    assert get_index().places(gorron) == {
        "epci": "CC du Bocage Mayennais",
        "departements": "Mayenne",
        "regions": "Pays de la Loire",
    }
    EPCI.objects.filter(code=gorron.epci_id).update(name="CC renommée")
    DatasetImport.objects.record("referentiel-test", "empreinte", {})  # what an import ends with
    assert get_index().places(gorron)["epci"] == "CC renommée"


def test_the_offers_the_index_hands_out_follow_every_change():
    offre = OffreFactory(territory=("departements", ["53"]), title="Avant")
    assert get_index().offres([offre.pk])[offre.pk].title == "Avant"
    assert get_index().offres([offre.pk])[offre.pk] is get_index().offres([offre.pk])[offre.pk]
    offre.title = "Après"
    offre.save()
    assert get_index().offres([offre.pk])[offre.pk].title == "Après"
    offre.structure.name = "Structure renommée"
    offre.structure.save()
    assert get_index().offres([offre.pk])[offre.pk].structure.name == "Structure renommée"


def test_an_epci_offer_reaches_only_its_member_communes():
    structures = structures_covering("53037")  # Bouessay, CC du Pays Sabolien (Sarthe)
    assert "epci-247200090" in structures
    assert not structures & MAYENNE_EPCI_STRUCTURES
    assert structures_covering("53130") & MAYENNE_EPCI_STRUCTURES == {"epci-200083392"}


def test_leader_offers_follow_the_gal_perimeters():
    assert "gal-haute-mayenne-leader" in covering_slugs("53107")  # Gorron, Bocage Mayennais
    assert "gal-sud-mayenne-leader" in covering_slugs("53062")  # Château-Gontier
    laval = covering_slugs("53130")
    assert not {"gal-haute-mayenne-leader", "gal-sud-mayenne-leader"} & laval


def test_mayenne_thd_covers_bais_but_not_laval_agglomeration_nor_chateau_gontier():
    assert "mayenne-thd-fibre" in covering_slugs("53016")
    assert "mayenne-thd-fibre" not in covering_slugs("53130")
    assert "mayenne-thd-fibre" not in covering_slugs("53062")  # Orange's own network
    # Audit of 6 December 2026, MED: Laval THD's concession is the 20 communes of 2011; the
    # former Pays de Loiron (Port-Brillet) stays with the syndicate, « à confirmer ».
    assert "mayenne-thd-fibre" in covering_slugs("53182")
    offer = Offre.objects.get(slug="mayenne-thd-fibre")
    assert (
        "Pays de Loiron" in offer.conditions_details and "à confirmer" in offer.conditions_details
    )


@pytest.mark.parametrize("code", ["53108", "53026", "53178", "53082"])
def test_the_oudon_syndicate_covers_its_basin_beyond_the_pays_de_craon(code):
    """Audit of 6 December 2026, MED: La Gravelle (the source), Beaulieu-sur-Oudon (Laval
    Agglomération, a member) and Peuton (a member commune) had no Oudon syndicate."""
    assert "bassin-oudon-rivieres-inondations" in covering_slugs(code)
    assert "bassin-oudon-rivieres-inondations" not in covering_slugs("53130")  # Laval: Mayenne


def test_population_limits_filter_out_communes_they_exclude():
    assert "cd53-amendes-de-police" in covering_slugs("53246")  # 1 748 hab.
    assert "cd53-amendes-de-police" not in covering_slugs("53130")  # Laval
    assert "anct-villages-davenir" in covering_slugs("53250")  # Saint-Poix, 383 hab.
    assert "anct-villages-davenir" not in covering_slugs("53147")  # Mayenne


def test_regional_and_national_offers():
    assert "region-pdl-aides-territoires" in covering_slugs("53001")
    assert "anct-ingenierie-sur-mesure" in covering_slugs("53001")


def test_coverage_scopes_on_a_small_directory():
    laval, gorron = Commune.objects.get(code="53130"), Commune.objects.get(code="53107")
    by_commune = OffreFactory(territory=("communes", ["53107"]))
    by_epci = OffreFactory(territory=("epcis", ["245300389"]))
    by_departement = OffreFactory(territory=("departements", ["53"]))
    by_region = OffreFactory(territory=("regions", ["52"]))
    elsewhere = OffreFactory(territory=("departements", ["01"]))
    small_only = OffreFactory(population_max=2000)
    big_only = OffreFactory(population_min=5000)
    new = {
        o.pk
        for o in [by_commune, by_epci, by_departement, by_region, elsewhere, small_only, big_only]
    }
    for_gorron = set(Offre.objects.covering(gorron).values_list("pk", flat=True)) & new
    for_laval = set(Offre.objects.covering(laval).values_list("pk", flat=True)) & new
    assert for_gorron == {by_commune.pk, by_epci.pk, by_departement.pk, by_region.pk}
    assert for_laval == {by_departement.pk, by_region.pk, big_only.pk}


def test_offers_for_an_epci_split_whole_and_partial():
    communes = list(Commune.objects.filter(epci_id="245300389"))
    offer = selectors.offres_for_communes(communes)
    whole = {o.slug for o in offer.whole}
    assert "gal-haute-mayenne-leader" in whole
    assert "ddt-53-conseil-aux-territoires" in whole
    partial = {o.slug: n for o, n in offer.partial}
    # Its communes all have fewer than 10,000 inhabitants (2,619 at most): the police fines
    # grant, for communes up to 9,999, reaches every one of them.
    assert max(c.population for c in communes) <= 9999
    assert "cd53-amendes-de-police" in whole
    assert all(0 < n < len(communes) for n in partial.values())


@pytest.mark.parametrize("epci", ["200083392", "245300389", "247200090"])
def test_territory_counts_agree_with_the_coverage_rule(epci):
    OffreFactory(population_max=1000, territory=("epcis", [epci]))
    communes = list(Commune.objects.filter(epci_id=epci))
    offer = selectors.offres_for_communes(communes)
    counted = {o.pk: len(communes) for o in offer.whole} | {o.pk: n for o, n in offer.partial}
    expected = {}
    for commune in communes:
        for pk in Offre.objects.covering(commune).values_list("pk", flat=True):
            expected[pk] = expected.get(pk, 0) + 1
    assert counted == expected


def test_the_counts_for_a_group_are_the_sum_of_each_communes_offers():
    OffreFactory(population_max=1000, territory=("departements", ["53"]))
    OffreFactory(population_min=3000, territory=("epcis", ["245300389"]))
    OffreFactory(population_max=500, territory=("communes", ["53107", "53130"]))
    OffreFactory(territory=("communes", ["53107"]))
    communes = list(Commune.objects.filter(departement_id="53"))
    index = get_index()
    expected: dict[int, int] = {}
    for commune in communes:
        for pk in index.available(commune):
            expected[pk] = expected.get(pk, 0) + 1
    assert index.available_to(communes) == expected
    assert index.available_to([]) == {}
