"""Platform activity and needs versus offer, against hand-computed figures."""

from datetime import datetime

import pytest
from django.utils import timezone

from accounts.factories import territory_admin
from directory.models import Structure, Theme
from observatory.activity import Filters, journeys, requests
from observatory.models import Dimension, Segment, Survey, SurveyFigure
from observatory.needs import ThemeRow, needs_vs_offer
from orientation.models import Journey
from support.factories import SupportRequestFactory
from territories.models import Commune

pytestmark = pytest.mark.django_db


def at(day: int, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime(2026, 11, day, hour))  # November 2026: Mon 2 … Mon 30


def journey(code, themes, weak=False, clicked=None, when=None):
    commune = Commune.objects.get(code=code)
    found = Journey.objects.create(
        commune=commune,
        epci_id=commune.epci_id,
        themes=themes,
        weak=weak,
        clicked_offre=clicked,
    )
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
    # created Friday 6 at 10:00; 5 working days later, Wednesday 11 (Armistice) being a public
    # holiday, is Monday 16 at 10:00
    on_time = SupportRequestFactory(taken_at=at(16), status="prise-en-charge")
    late = SupportRequestFactory(taken_at=at(16, 11), status="en-cours")
    waiting = SupportRequestFactory()
    for request in (on_time, late, waiting):
        type(request).objects.filter(pk=request.pk).update(created_at=at(6), waiting_since=at(6))
    figures = requests(Filters(departement="53"))
    assert figures.total == 3 and figures.answered == 2 and figures.in_time == 1
    assert figures.share_in_time() == 33.3
    assert figures.median_days == 10.0  # 10 days and 10 days and an hour
    assert figures.p90_days == 10.0
    structure = figures.by_structure[0]
    assert (structure.total, structure.answered, structure.in_time) == (3, 2, 1)
    assert dict((v, n) for v, _, n in figures.by_status)["nouvelle"] == 1


def test_needs_versus_offer_reads_well_covered_but_unknown_and_in_demand_but_uncovered():
    Survey.objects.all().delete()  # the shipped 2023 survey: replaced by this test's figures
    survey = Survey.objects.create(departement_id="53", year=2023, title="Enquête 2023")
    water = Theme.objects.get(slug="eau-assainissement")
    tourism = Theme.objects.get(slug="tourisme")
    SurveyFigure.objects.create(
        survey=survey,
        dimension=Dimension.NEED,
        label="Eau",
        theme=water,
        segment=Segment.PANEL,
        percentage=83,
    )
    for structure in Structure.objects.filter(offres__themes=water).distinct():
        SurveyFigure.objects.create(
            survey=survey,
            dimension=Dimension.KNOWLEDGE,
            label=structure.name,
            structure=structure,
            segment=Segment.PANEL,
            percentage=50,
        )
    journey("53107", ["tourisme"])
    rows = {row.slug: row for row in needs_vs_offer("53")}
    assert rows["eau-assainissement"].need == 83.0
    assert rows["eau-assainissement"].knowledge == 50.0
    assert rows["eau-assainissement"].offers >= 3
    assert rows["eau-assainissement"].reading == "bien couvert mais méconnu"
    assert rows[tourism.slug].journeys == 1
    assert rows[tourism.slug].reading in {
        "",
        "bien couvert mais méconnu",
    }  # one visit is not demand


def test_only_the_communes_journeys_count_as_demand(client):
    """People on the site count; applications (by channel), the platform's team and its tests,
    and robots are counted apart; « demandé » needs 20 journeys and requests in 12 months."""
    Journey.objects.all().delete()
    url = "/orientation/resultats/"
    query = {"commune": "53107", "q": "rénover le toit de la mairie"}
    browser = {"HTTP_USER_AGENT": "Mozilla/5.0 (Linux; Android 14) Firefox/130.0"}
    client.get(url, query, **browser)
    client.get(url, query, HTTP_USER_AGENT="Mozilla/5.0 (compatible; Googlebot/2.1)")
    client.get("/api/v1/orientation", query, HTTP_USER_AGENT="curl/8.5.0")
    client.get("/api/v1/orientation", query, HTTP_USER_AGENT="Recoco/2.0 (+https://recoco.fr)")
    client.force_login(territory_admin("53"))
    client.get(url, query, **browser)
    client.logout()
    figures = journeys(Filters(departement="53"))
    assert figures.total == 1
    assert sorted(figures.by_audience) == [
        ("Applications (API)", "Recoco", 1),
        ("Applications (API)", "curl", 1),
        ("Communes et public sur le site", "", 1),
        ("Robots d'indexation", "", 1),
        ("Équipe de la plateforme et tests", "", 1),
    ]
    theme = Journey.objects.filter(audience="site").get().themes[0]
    row = next(r for r in needs_vs_offer("53") if r.slug == theme)
    assert row.journeys == 1 and "demandé" not in row.reading
    for _ in range(19):
        journey("53107", [theme])
    row = next(r for r in needs_vs_offer("53") if r.slug == theme)
    assert row.journeys == 20
    few = ThemeRow(
        "t",
        "T",
        need=None,
        journeys=19,
        requests=0,
        offers=1,
        partial_offers=0,
        structures=1,
        knowledge=None,
    )
    assert few.reading == ""
    few.requests = 1
    assert few.reading == "demandé mais peu couvert"
    old = journey("53107", [theme], when=timezone.now() - timezone.timedelta(days=400))
    assert next(r for r in needs_vs_offer("53") if r.slug == theme).journeys == 20, old
    html = client.get("/observatoire/").content.decode()
    assert "au moins 20 parcours et demandes des communes sur les 12 derniers mois" in html
