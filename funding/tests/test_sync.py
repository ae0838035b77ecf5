"""`sync_aides_territoires` on a recorded fixture in the API's format, served locally (no
network): authentication, pages, perimeters, the mapping of labels, idempotence, archiving,
and what is never proposed."""

import io
import tomllib

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from directory.models import HelpKind, Phase, Theme
from funding.mapping import MAPPING_FILE
from funding.models import Aid
from territories.models import Commune

from .fake_api import TOKEN, serving

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(settings):
    with serving() as server:
        settings.AIDES_TERRITOIRES_TOKEN = TOKEN
        settings.AIDES_TERRITOIRES_URL = server.base
        yield server


def run(*args) -> str:
    out = io.StringIO()
    call_command("sync_aides_territoires", *args, stdout=out, verbosity=1)
    return out.getvalue()


def get(external_id) -> Aid:
    return Aid.objects.get(external_id=str(external_id))


def test_the_sync_imports_maps_and_reports(api, monkeypatch):
    monkeypatch.setattr("funding.aides_territoires.PAGE_SIZE", 3)  # pages of 3: 3 pages
    output = run()
    assert (
        "8 aides lues, 8 nouvelles, 0 mises à jour, 0 inchangées, 1 closes, 0 archivées ; "
        "1 aides en ingénierie rattachées à une structure de l'annuaire" in output
    )
    assert (
        "thématique « Urbanisme / Logement / Aménagement / Equipement public » (1 aide(s))"
        in output
    )
    assert "bénéficiaire « Collectivités d'outre-mer » (1 aide(s))" in output
    assert api.calls[0] == "connexion"
    assert sum("/api/aids/?" in c and "70971-mayenne" in c for c in api.calls) == 3
    schools = get(900001)
    assert schools.scope == "regional" and list(schools.regions.values_list("code", flat=True)) == [
        "52"
    ]
    assert {t.slug for t in schools.themes.all()} == {
        "transition-energetique",
        "architecture-batiment",
    }
    assert {h.slug for h in schools.help_kinds.all()} == {"financiere"}
    assert {p.slug for p in schools.phases.all()} == {"travaux"}
    assert schools.for_communes and schools.for_epcis and schools.is_financial
    assert schools.is_call_for_project and (
        schools.subvention_rate_min,
        schools.subvention_rate_max,
    ) == (20, 40)
    assert schools.url.startswith("https://aides-territoires.beta.gouv.fr/aides/")
    # sanitised: no script, no style, no handler; the text stays
    assert "<script" not in schools.description and "style=" not in schools.description
    assert (
        "onclick" not in schools.description and "<strong>fictive</strong>" in schools.description
    )
    engineering = get(900003)
    assert engineering.is_engineering and engineering.backer.slug == "cerema"
    assert engineering.scope == "national"
    # the unknown category is kept as the API gave it
    assert get(900004).categories == ["Urbanisme / Logement / Aménagement / Equipement public"]
    assert not get(900004).themes.exists()


def test_local_aids_are_placed_by_intercommunality_and_closed_ones_never_proposed(api):
    run()
    laval = Commune.objects.get(code="53130")
    evron = Commune.objects.get(code="53097")
    proposed_laval = set(Aid.objects.open().covering(laval).values_list("external_id", flat=True))
    proposed_evron = set(Aid.objects.open().covering(evron).values_list("external_id", flat=True))
    assert "900004" in proposed_laval and "900004" not in proposed_evron  # Laval Agglomération's
    assert "900005" not in proposed_laval  # closed in 2020
    assert "156168" not in proposed_laval | proposed_evron  # the coast: no Mayenne EPCI
    assert {"900001", "900002", "900003"} <= proposed_evron


def test_a_second_run_changes_nothing_and_a_vanished_aid_is_archived(api):
    run()
    assert "0 nouvelles, 0 mises à jour, 8 inchangées" in run()
    api.data["by_perimeter"]["70971-mayenne"].remove(900002)
    output = run()
    assert "7 aides lues" in output and "1 archivées" in output
    gone = get(900002)
    assert gone.archived_at is not None  # kept, never proposed again
    assert not Aid.objects.open().filter(pk=gone.pk).exists()
    api.data["by_perimeter"]["70971-mayenne"].append(900002)
    assert "1 mises à jour" in run() and get(900002).archived_at is None


def test_without_a_token_one_french_line_and_the_site_still_works(settings, client):
    settings.AIDES_TERRITOIRES_TOKEN = ""
    with pytest.raises(CommandError, match="AIDES_TERRITOIRES_TOKEN n'est pas réglé"):
        run()
    assert client.get("/").status_code == 200


def test_a_refused_token_or_a_silent_api_stops_cleanly(api, settings):
    settings.AIDES_TERRITOIRES_TOKEN = "mauvais"
    with pytest.raises(CommandError, match="aides-territoires a répondu 401"):
        run()
    settings.AIDES_TERRITOIRES_URL = "http://127.0.0.1:9"  # nothing listens there
    with pytest.raises(CommandError, match="injoignable"):
        run()
    assert not Aid.objects.exists()


def test_the_mapping_table_names_only_known_themes_kinds_and_phases():
    mapping = tomllib.loads(MAPPING_FILE.read_text())
    themes = set(Theme.objects.values_list("slug", flat=True))
    helps = set(HelpKind.objects.values_list("slug", flat=True))
    phases = set(Phase.objects.values_list("slug", flat=True))
    for label, slugs in mapping["categories"].items():
        assert set(slugs) <= themes, label
    for label, entry in mapping["types"].items():
        assert entry["aide"] in helps and entry["groupe"] in {"financier", "ingenierie"}, label
    for label, slugs in mapping["etapes"].items():
        assert set(slugs) <= phases, label
    assert set(mapping["publics"].values()) <= {"commune", "epci", "autre"}


def test_deadline_words():
    today = timezone.localdate()
    aid = Aid(submission_deadline=today + timezone.timedelta(days=12))
    assert aid.deadline_label(today) == "clôture dans 12 jours" and aid.closes_soon(today)
    assert Aid(recurrence="Permanente").deadline_label(today) == "permanente"
    assert Aid(submission_deadline=today).deadline_label(today) == "clôture aujourd'hui"
