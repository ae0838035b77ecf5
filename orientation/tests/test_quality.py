"""The engine judged as a practitioner would: the public evaluation set, the requests of the
issue that first showed the engine's confident mistakes, out-of-scope requests, two blocks."""

import hashlib
import re
from collections import Counter
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from orientation.engine import ADVICE, FUNDING, orient
from orientation.quality import HELD_OUT_PATH, MESSY, departement_set, evaluate, read_cases
from orientation.thesaurus import load_thesaurus
from territories.models import Commune

pytestmark = pytest.mark.django_db

# The development set, which the engine is tuned on: the targets of issue 19.
TOP1_FLOOR = 0.90
HIT3_FLOOR = 0.97
REAL_PROJECTS_TOP1_FLOOR = 0.85


def test_the_public_evaluation_set_is_large_and_varied():
    cases = read_cases()
    themes = Counter(case.theme for case in cases)
    assert len(cases) >= 120
    assert themes["hors-champ"] >= 15 and all(
        c.out_of_scope for c in cases if c.theme == "hors-champ"
    )
    assert all(n >= 5 for theme, n in themes.items())
    assert themes["voirie"] + themes["architecture-batiment"] >= 30
    communes = {case.commune for case in cases}
    epcis = set(Commune.objects.filter(code__in=communes).values_list("epci_id", flat=True))
    assert len(epcis) == 10  # every intercommunality of the Mayenne, the Sarthe one included


def test_the_engine_holds_its_quality_on_the_public_set():
    report = evaluate()
    overall, everyday = report.overall, report.by_kind["courante"]
    misses = [f"{o.case.text} → {o.slugs[:3]}" for o in report.misses]
    # The everyday requests hold issue 19's targets; the 30 real projects' descriptions added
    # by issue 27 (réalisations) are harder, and the whole set is held to a lower top-1.
    assert everyday.top1_rate >= TOP1_FLOOR, misses
    assert overall.top1_rate >= REAL_PROJECTS_TOP1_FLOOR, misses
    assert overall.hit_rate >= HIT3_FLOOR, misses
    assert overall.out_of_scope_rate == 1.0, misses
    assert overall.weak_precision == 1.0, misses


@pytest.mark.parametrize(
    "commune, text, block, expected",
    [
        (
            "53248",
            "traversée dangereuse dans le bourg",
            ADVICE,
            {"cd53-routes", "caue-53", "ddt-53", "cerema"},
        ),
        (
            "53214",
            "sécuriser un carrefour dangereux",
            ADVICE,
            {"cd53-routes", "ddt-53", "cerema", "caue-53"},
        ),
        (
            "53164",
            "programme d'entretien de la voirie communale",
            ADVICE,
            {"cd53-routes", "cerema", "epci-200042182"},
        ),
        ("53109", "mettre la mairie aux normes d'accessibilité", ADVICE, {"ddt-53", "caue-53"}),
        ("53143", "monter un dossier DETR", FUNDING, {"prefecture-53"}),
        (
            "53048",
            "isoler la toiture de l'école",
            ADVICE,
            {"territoire-energie-mayenne", "caue-53"},
        ),
        ("53189", "reprise de concessions au cimetière", ADVICE, {"amf-53"}),
    ],
)
def test_the_requests_that_used_to_fail_get_the_right_door_first(commune, text, block, expected):
    orientation = orient(Commune.objects.get(code=commune), text)
    assert not orientation.weak
    first = next(b for b in orientation.blocks if b.kind == block).results[0]
    assert first.offre.structure.slug in expected, [
        r.offre.structure.slug for r in orientation.results
    ]


def test_a_school_closure_is_out_of_scope_and_says_who_decides(client):
    orientation = orient(Commune.objects.get(code="53248"), "fermeture de l'école")
    assert orientation.weak and orientation.is_out_of_scope and not orientation.results
    assert "Éducation nationale" in orientation.out_of_scope
    body = client.get(
        reverse("orientation:results"), {"commune": "53248", "q": "fermeture de l'école"}
    ).content.decode()
    assert "ne relève pas d'une structure d'ingénierie territoriale" in body
    assert "relèvent de l&#x27;Éducation nationale" in body
    assert "Vos interlocuteurs généralistes" in body
    data = client.get("/api/v1/orientation", {"commune": "53248", "q": "fermeture de l'école"})
    assert data.json()["hors_champ"] is True and "Éducation" in data.json()["autorite_competente"]


def test_a_funder_never_pushes_an_adviser_out_of_sight(client):
    response = client.get(
        reverse("orientation:results"), {"commune": "53048", "q": "isoler la toiture de l'école"}
    )
    body = response.content.decode()
    advice = body.index('id="bloc-accompagner"')
    funding = body.index('id="bloc-financer"')
    assert advice < funding  # the request asks for help, not money: advice first
    assert body.index("Territoire d&#x27;énergie Mayenne", advice) < funding
    data = client.get(
        "/api/v1/orientation", {"commune": "53048", "q": "isoler la toiture de l'école"}
    )
    categories = [r["categorie"] for r in data.json()["results"]]
    assert set(categories) == {ADVICE, FUNDING} and data.json()["bloc_principal"] == ADVICE


def test_asking_for_money_puts_the_funders_first(client):
    orientation = orient(
        Commune.objects.get(code="53196"), "trouver des subventions pour rénover la mairie"
    )
    assert orientation.primary == FUNDING and orientation.blocks[0].kind == FUNDING


def test_a_theme_only_answer_says_it_is_partial(client):
    orientation = orient(Commune.objects.get(code="53022"), "une liaison douce entre deux hameaux")
    assert orientation.partial and orientation.strength == "partielle"
    assert orientation.entry_points  # the generalist doors come with a partial answer
    body = client.get(
        reverse("orientation:results"),
        {"commune": "53022", "q": "une liaison douce entre deux hameaux"},
    ).content.decode()
    assert "Correspondance partielle" in body


def test_a_request_naming_a_scheme_ranks_first_the_offer_that_names_it():
    orientation = orient(Commune.objects.get(code="53107"), "candidater au programme LEADER")
    funding = next(b for b in orientation.blocks if b.kind == FUNDING)
    assert funding.results[0].offre.slug == "gal-haute-mayenne-leader"
    assert any(r.startswith("nomme « LEADER »") for r in funding.results[0].raisons)


def test_words_of_an_expression_may_be_apart_but_whole_expressions_come_first():
    thesaurus = load_thesaurus()
    apart = thesaurus.match("une traversée dangereuse dans le bourg")
    assert [t.expression for t in apart.terms] == ["traversée", "dangereuse"]
    assert "voirie" in apart.themes
    whole = thesaurus.match("aménager et fleurir l'entrée de bourg")
    assert "entrée de bourg" in [t.expression for t in whole.terms]
    assert "aménagement de bourg" not in [t.expression for t in whole.terms]


def test_the_size_bonus_needs_the_request_itself():
    """A programme for small communes does not rise on its theme alone."""
    orientation = orient(Commune.objects.get(code="53250"), "aménager la place")
    for result in orientation.results:
        if result.evidence.targeted:
            assert result.strong


def test_evaluate_orientation_prints_figures_per_theme():
    out = StringIO()
    call_command("evaluate_orientation", "--details", stdout=out)
    text = out.getvalue()
    assert "voirie" in text and "ENSEMBLE" in text and "Jeu developpement" in text
    assert "Jeu reserve" in text and "mal écrites ou longues" in text


# --- The held-out set (issue 27): written blind, never edited, never tuned on. ---
# Regression guards below the first measurement of the new engine, not the targets
# (90 % first, 97 % in the top 3, 90 % out of scope, 80 % messy), which are not reached:
# docs/orientation.md gives both sets' figures side by side.
HELD_OUT_TOP1_GUARD = 0.62
HELD_OUT_HIT3_GUARD = 0.88
HELD_OUT_OUT_OF_SCOPE_GUARD = 0.80
HELD_OUT_MESSY_GUARD = 0.70


def test_the_held_out_set_is_frozen():
    """Its sha256 is the one recorded in docs/orientation.md when it was written."""
    docs = (Path(__file__).resolve().parents[2] / "docs" / "orientation.md").read_text()
    recorded = re.search(r"sha256 `([0-9a-f]{64})`", docs).group(1)
    assert hashlib.sha256(HELD_OUT_PATH.read_bytes()).hexdigest() == recorded


@pytest.mark.parametrize("code", ["72", "35", "61", "37"])
def test_the_held_out_sets_of_other_departements_are_frozen(code):
    """Their sha256 are the ones recorded in docs/departements.md when they were written."""
    docs = (Path(__file__).resolve().parents[2] / "docs" / "departements.md").read_text()
    recorded = re.search(rf"departements/{code}\.toml` .*`([0-9a-f]{{64}})`", docs).group(1)
    assert hashlib.sha256(departement_set(code).read_bytes()).hexdigest() == recorded
    cases = read_cases(departement_set(code))
    assert len(cases) >= 60 and all(case.commune.startswith(code) for case in cases)


def test_the_held_out_set_is_large_and_varied():
    cases = read_cases(HELD_OUT_PATH)
    kinds = Counter(case.kind for case in cases)
    assert len(cases) >= 150
    assert sum(case.out_of_scope for case in cases) >= 25
    assert sum(kinds[kind] for kind in MESSY) >= 20
    assert kinds["realisation"] >= 50


def test_the_engine_holds_its_ground_on_the_held_out_set():
    report = evaluate(read_cases(HELD_OUT_PATH))
    overall = report.overall
    assert overall.top1_rate >= HELD_OUT_TOP1_GUARD
    assert overall.hit_rate >= HELD_OUT_HIT3_GUARD
    assert overall.out_of_scope_rate >= HELD_OUT_OUT_OF_SCOPE_GUARD
    assert report.messy.top1_rate >= HELD_OUT_MESSY_GUARD
