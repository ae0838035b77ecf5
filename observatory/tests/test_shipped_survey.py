"""The 2023 survey ships with the project and `make setup` loads it: every value as the
source gives it (checked against ../shared/data), the illegible cell left empty with its note,
the respondents and headline figures, the warnings stored and shown."""

import csv
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from conftest import shared_data
from observatory.models import Survey, SurveyFigure
from observatory.surveys import SEGMENT_COLUMNS

pytestmark = pytest.mark.django_db

SHIPPED = settings.SEED_DIR / "mayenne" / "enquete-2023"


def survey() -> Survey:
    return Survey.objects.get(departement_id="53", year=2023)


def test_every_value_is_the_sources_and_none_is_guessed():
    figures = {(f.dimension, f.label, f.segment): f for f in survey().figures.all()}
    assert len(figures) == 120
    for name, dimension in (
        ("enquete-2023-connaissance-structures.csv", "connaissance"),
        ("enquete-2023-besoins-thematiques.csv", "besoin"),
    ):
        with open(shared_data(name), encoding="utf-8") as stream:
            rows = list(csv.DictReader(stream))
        for row in rows:
            label = next(iter(row.values()))
            for column, segment in SEGMENT_COLUMNS.items():
                figure = figures[(dimension, label, segment)]
                if row[column] == "681":
                    assert figure.percentage is None and figure.source_value == "681 %"
                    assert figure.shown.startswith("n.d. (valeur illisible dans la source : 681 %")
                else:
                    assert figure.percentage == Decimal(row[column]), (label, column)
    assert not SurveyFigure.objects.filter(percentage__in=[68, 81], label="Projet de territoire")


def test_respondents_headline_figures_and_warnings_are_part_of_the_survey():
    loaded = survey()
    assert loaded.respondents == 234
    assert [k["part"] for k in loaded.key_figures] == [22, 32]
    assert "aides-territoires" in loaded.key_figures[1]["libelle"]
    warned = {(f.label, f.segment) for f in loaded.figures.exclude(warning="")}
    assert warned == {
        ("Transport", "panel"),
        ("Eau", "petites-communes"),
        ("Eau", "maires"),
        ("Laval Mayenne Aménagements", "petites-communes"),
        ("Laval Mayenne Aménagements", "maires"),
    }
    eau = loaded.figures.get(label="Eau", segment="maires")
    assert "mêmes chiffres (53 %, 69 %) que « Laval Mayenne Aménagements »" in eau.warning
    # every structure of the survey has its fiche, GAL included
    assert not loaded.figures.filter(dimension="connaissance", structure=None).exists()


def test_loading_again_changes_nothing_and_a_bad_manifest_writes_nothing(tmp_path):
    call_command("load_survey", verbosity=0)
    call_command("load_survey", "--force", verbosity=0)
    assert survey().figures.count() == 120
    broken = tmp_path / "enquete"
    broken.mkdir()
    for path in SHIPPED.iterdir():
        (broken / path.name).write_bytes(path.read_bytes())
    manifest = broken / "enquete.toml"
    manifest.write_text(
        manifest.read_text().replace('ligne = "Projet de territoire"', 'ligne = "Projet"')
    )
    with pytest.raises(CommandError, match="681 % n'est pas un pourcentage possible"):
        call_command("load_survey", str(manifest), verbosity=0)
    assert survey().figures.filter(percentage=None).count() == 1
    with pytest.raises(CommandError, match="illisible introuvable : « Projet »"):
        call_command("load_survey", str(manifest), verbosity=0)


def test_the_observatory_shows_the_survey_as_its_source_gives_it(client):
    html = client.get("/observatoire/").content.decode()
    assert "234</strong> répondants" in html
    assert "<strong>22 %</strong> des participants affirment que leur intercommunalité" in html
    assert "n.d. (valeur illisible dans la source : 681 %" in html
    assert "rompt l&#x27;ordre décroissant" in html and "possible erreur de recopie" in html
    assert 'href="/structures/gal-53/"' in html and 'href="/structures/caue-53/"' in html
    assert "Aucune enquête" not in html
    small = client.get("/observatoire/", {"segment": "petites-communes"}).content.decode()
    assert "Besoin d&#x27;ingénierie par thème, communes de 1 000 habitants ou moins (%)" in small


def test_the_api_gives_the_note_and_the_warnings(client):
    tables = client.get("/api/v1/observatoire/enquetes/2023").json()
    needs = next(t for t in tables if t["slug"] == "enquete-2023-besoins")
    assert "234 répondants" in needs["resume"] and "22 %" in needs["resume"]
    headers = needs["colonnes"]
    row = next(r for r in needs["lignes"] if r[0] == "Projet de territoire")
    assert row[headers.index("Communes de 1 000 habitants ou moins (%)")] is None
    assert "681 %" in row[headers.index("Note de la source")]
    transport = next(r for r in needs["lignes"] if r[0] == "Transport")
    assert "rompt l'ordre décroissant" in transport[headers.index("À vérifier")]
