"""Platform activity and needs versus offer, against hand-computed figures."""

from datetime import datetime

import pytest
from django.utils import timezone

from directory.models import Structure, Theme
from observatory.activity import Filters, journeys, requests
from observatory.models import Dimension, Segment, Survey, SurveyFigure
from observatory.needs import needs_vs_offer
from orientation.models import Journey
from support.tests.factories import SupportRequestFactory
from territories.models import Commune

pytestmark = pytest.mark.django_db


def at(day: int, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime(2026, 11, day, hour))  # November 2026: Mon 2 … Mon 30


def journey(code, themes, weak=False, clicked=None, when=None):
    commune = Commune.objects.get(code=code)
    found = Journey.objects.create(
        commune=commune, epci_id=commune.epci_id, themes=themes, weak=weak,
        clicked_offre=clicked,
    )  # fmt: skip
    if when:
        Journey.objects.filter(pk=found.pk).update(created_at=when)
    return found


def test_journey_figures():
    from directory.models import Offre

    offre = Offre.objects.first()
    journey("53107", ["eau-assainissement"], clicked=offre)
    journey("53107", ["eau-assainissement", "voirie"], weak=True)
    journey("53130", ["voirie"], when=at(2))
    Journey.objects.create(commune=None, themes=["voirie"])  # no commune: not counted
    figures = journeys(Filters(departement="53"))
    assert figures.total == 3 and figures.weak == 1 and figures.clicked == 1
    assert figures.share(figures.weak) == 33.3
    assert dict((s, n) for s, _, n in figures.by_theme) == {"eau-assainissement": 2, "voirie": 2}
    assert figures.by_commune[0] == ("53107", "Gorron", 2)
    only_water = journeys(Filters(departement="53", theme="eau-assainissement"))
    assert only_water.total == 2
    in_the_epci = journeys(Filters(departement="53", epci="200083392"))  # Laval Agglomération
    assert in_the_epci.total == 1


def test_request_figures_count_working_days():
    # created Friday 6 at 10:00; 5 working days later is Friday 13 at 10:00
    on_time = SupportRequestFactory(taken_at=at(12), status="prise-en-charge")
    late = SupportRequestFactory(taken_at=at(16), status="en-cours")
    waiting = SupportRequestFactory()
    for request in (on_time, late, waiting):
        type(request).objects.filter(pk=request.pk).update(created_at=at(6))
    figures = requests(Filters(departement="53"))
    assert figures.total == 3 and figures.answered == 2 and figures.in_time == 1
    assert figures.share_in_time() == 33.3
    assert figures.median_days == 8.0  # 6 and 10 days
    structure = figures.by_structure[0]
    assert (structure.total, structure.answered, structure.in_time) == (3, 2, 1)
    assert dict((v, n) for v, _, n in figures.by_status)["nouvelle"] == 1


def test_needs_versus_offer_reads_well_covered_but_unknown_and_in_demand_but_uncovered():
    Survey.objects.all().delete()  # the shipped 2023 survey: replaced by this test's figures
    survey = Survey.objects.create(departement_id="53", year=2023, title="Enquête 2023")
    water = Theme.objects.get(slug="eau-assainissement")
    tourism = Theme.objects.get(slug="tourisme")
    SurveyFigure.objects.create(
        survey=survey, dimension=Dimension.NEED, label="Eau", theme=water,
        segment=Segment.PANEL, percentage=83,
    )  # fmt: skip
    for structure in Structure.objects.filter(offres__themes=water).distinct():
        SurveyFigure.objects.create(
            survey=survey, dimension=Dimension.KNOWLEDGE, label=structure.name,
            structure=structure, segment=Segment.PANEL, percentage=50,
        )  # fmt: skip
    journey("53107", ["tourisme"])
    rows = {row.slug: row for row in needs_vs_offer("53")}
    assert rows["eau-assainissement"].need == 83.0
    assert rows["eau-assainissement"].knowledge == 50.0
    assert rows["eau-assainissement"].offers >= 3
    assert rows["eau-assainissement"].reading == "bien couvert mais méconnu"
    assert rows[tourism.slug].journeys == 1
    expected = "demandé mais peu couvert" if rows[tourism.slug].offers <= 1 else ""
    assert rows[tourism.slug].reading in {expected, "bien couvert mais méconnu"}
