"""Sources with their dates, validity periods and confidence: an expired offer is never
proposed, old information says so, an unidentified structure never comes first."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from directory import provenance, revision
from directory.index import get_index
from directory.models import Offre, Structure
from orientation.engine import orient
from territories.models import Commune

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 2)


@pytest.mark.parametrize(
    "value, period",
    [
        ("2019", (datetime.date(2019, 1, 1), datetime.date(2019, 12, 31))),
        ("2020-02", (datetime.date(2020, 2, 1), datetime.date(2020, 2, 29))),
        ("2025-09-02", (datetime.date(2025, 9, 2), datetime.date(2025, 9, 2))),
        (datetime.date(2024, 5, 1), (datetime.date(2024, 5, 1), datetime.date(2024, 5, 1))),
        ("non datée", None),
    ],
)
def test_a_source_date_stands_for_a_period(value, period):
    assert provenance.parse_date(value) == period


@pytest.mark.parametrize("value", ["2019-13", "hier", "", "19", "2025-02-30", 2019])
def test_a_wrong_source_date_is_refused_in_french(value):
    with pytest.raises(ValueError, match="date"):
        provenance.parse_date(value)


def test_the_information_date_is_the_end_of_the_newest_source():
    sources = [
        {"url": "https://a.example", "date": "2019"},
        {"url": "https://b.example", "date": "2021-03"},
        {"titre": "Code", "date": "non datée"},
    ]
    assert provenance.information_date(sources) == datetime.date(2021, 3, 31)
    assert provenance.information_date([{"titre": "Code", "date": "non datée"}]) is None


def _structure(**fields) -> Structure:
    defaults = {"identified": True, "validation": Structure.Validation.TO_CONFIRM}
    return Structure(**{**defaults, **fields})


def test_confidence_in_words():
    public = provenance.confidence(_structure(), datetime.date(2025, 12, 31), TODAY)
    assert (public.level, public.label, public.dated) == (
        "sources-publiques",
        "D'après sources publiques (2025)",
        "",
    )
    old = provenance.confidence(_structure(), datetime.date(2019, 12, 31), TODAY)
    assert old.dated == "information datée de 2019"
    verified = provenance.confidence(
        _structure(validation="verifiee", validated_at=datetime.date(2026, 3, 12)), None, TODAY
    )
    assert verified.label == "Vérifiée par la structure le 12/03/2026" and not verified.dated
    unknown = provenance.confidence(_structure(identified=False), None, TODAY)
    assert unknown.label == "Structure non identifiée publiquement"


def test_seed_information_dates_follow_their_sources():
    cerema = Offre.objects.get(slug="cerema-programme-national-ponts")
    assert cerema.information_date is not None
    thd = Structure.objects.get(slug="mayenne-thd")
    assert thd.information_date == max(
        provenance.parse_date(s.date)[1] for s in thd.source_list if s.date != "non datée"
    )


def test_an_old_fiche_says_how_old_on_its_page(client):
    structure = Structure.objects.get(slug="caue-53")
    Structure.objects.filter(pk=structure.pk).update(information_date=datetime.date(2019, 6, 30))
    body = client.get(structure.get_absolute_url()).content.decode()
    assert "Information datée de 2019" in body


@pytest.fixture
def expired():
    """The Programme national Ponts ended yesterday."""
    offre = Offre.objects.get(slug="cerema-programme-national-ponts")
    before = offre.valid_until
    offre.valid_until = timezone.localdate() - datetime.timedelta(days=1)
    offre.save()
    yield offre
    offre.valid_until = before
    offre.save()


def test_an_expired_offer_is_never_proposed(client, expired):
    commune = Commune.objects.get(code="53246")
    assert expired.pk not in get_index().available(commune)
    assert not Offre.objects.filter(pk=expired.pk).covering(commune).exists()
    results = orient(commune, "inventaire de nos ponts communaux").results
    assert expired.slug not in [r.offre.slug for r in results]
    page = client.get(reverse("directory:commune", args=["53246"]), {"theme": "voirie"})
    assert "Programme national Ponts" not in page.content.decode()
    api = client.get("/api/v1/offres", {"commune": "53246", "theme": "voirie"}).json()
    assert expired.slug not in [o["slug"] for o in api["results"]]


def test_an_expired_offer_s_page_says_it_ended_and_offers_no_request(client, expired):
    body = client.get(expired.get_absolute_url()).content.decode()
    assert "elle n'est plus proposée" in body
    assert "Demander un accompagnement" not in body


def test_an_unidentified_structure_never_comes_before_a_sourced_one():
    commune = Commune.objects.get(code="53246")
    request = "inventaire de nos ponts communaux"
    first = orient(commune, request).results[0].offre
    Structure.objects.filter(pk=first.structure_id).update(identified=False)
    revision.bump()
    try:
        orientation = orient(commune, request)
        assert first.slug in [r.offre.slug for r in orientation.results]
        for block in orientation.blocks:
            identified = [r.offre.structure.identified for r in block.results]
            assert identified == sorted(identified, reverse=True)  # sourced ones first
            assert identified[0]
    finally:
        Structure.objects.filter(pk=first.structure_id).update(identified=True)
        revision.bump()


def test_the_unidentified_fiche_is_shown_as_such_and_carries_no_guess(client):
    structure = Structure.objects.get(slug="mayenne-ingenierie")
    assert not structure.identified
    offre = structure.offres.get()
    assert not offre.themes.exists() and not offre.help_kinds.exists()
    body = client.get(structure.get_absolute_url()).content.decode()
    assert "Structure non identifiée publiquement" in body
    data = client.get(f"/api/v1/structures/{structure.slug}").json()
    assert data["confiance"]["niveau"] == "non-identifiee"


def test_the_api_gives_confidence_validity_and_dated_sources(client):
    data = client.get("/api/v1/offres/cerema-programme-national-ponts").json()
    assert data["confiance"]["niveau"] == "sources-publiques"
    assert set(data["validite"]) == {"debut", "fin"}
    assert all(set(s) == {"titre", "url", "date", "secondaire"} for s in data["sources"])
