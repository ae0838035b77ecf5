"""Survey imports: both formats, strict validation, tables computed from raw answers."""

from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from conftest import shared_data
from observatory.models import Survey, SurveyAnswer, SurveyFigure
from observatory.surveys import SurveyImportError, import_aggregated, import_raw

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_survey():
    """These tests import their own: the shipped 2023 survey is set aside (rolled back)."""
    Survey.objects.all().delete()


def write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_the_2023_needs_table_is_refused_with_its_impossible_value_named(tmp_path):
    source = shared_data("enquete-2023-besoins-thematiques.csv")
    with pytest.raises(SurveyImportError) as refused:
        import_aggregated(source, "53", 2023)
    assert refused.value.problems == [
        "ligne 17, colonne « communes_1000_hab_et_moins » : 681 n'est pas un pourcentage "
        "possible (entre 0 et 100). Corrigez la valeur d'après le document source, ou "
        "déclarez-la illisible ; elle n'est jamais corrigée automatiquement."
    ]
    assert not Survey.objects.exists() and not SurveyFigure.objects.exists()
    with pytest.raises(CommandError, match="ligne 17, colonne « communes_1000_hab_et_moins »"):
        call_command("import_survey", str(source), "--format", "agrege", "--annee", "2023")
    assert not SurveyFigure.objects.exists()


def test_the_2023_needs_table_imports_with_its_illegible_cell_left_empty():
    """Declared illegible, « 681 % » is kept as the source gives it, with no value and its
    note; the 59 other values import; nothing is guessed."""
    source = shared_data("enquete-2023-besoins-thematiques.csv")
    note = "valeur illisible dans la source : 681 %"
    summary = import_aggregated(
        source, "53", 2023, illegible={("Projet de territoire", "communes_1000_hab_et_moins"): note}
    )
    assert summary.figures == 60
    assert summary.unmatched == []  # every theme found by its survey wording
    cell = SurveyFigure.objects.get(label="Projet de territoire", segment="petites-communes")
    assert cell.percentage is None and cell.source_value == "681" and cell.note == note
    assert cell.shown == f"n.d. ({note})"
    assert SurveyFigure.objects.exclude(percentage=None).count() == 59
    voirie = SurveyFigure.objects.get(theme__slug="voirie", segment="maires")
    assert voirie.percentage == Decimal("100")
    # « Transport » (96) breaks the descending order of the whole panel: reported, not changed
    transport = SurveyFigure.objects.get(label="Transport", segment="panel")
    assert transport.percentage == 96 and "rompt l'ordre décroissant" in transport.warning
    assert any(
        w.startswith("« Transport » (Ensemble des répondants) : 96 %") for w in summary.warnings
    )
    with pytest.raises(SurveyImportError, match="cellule déclarée illisible introuvable"):
        import_aggregated(source, "53", 2023, illegible={("Projet", "maires"): note})


def test_the_2023_knowledge_table_imports_and_names_the_structures_it_cannot_match():
    summary = import_aggregated(shared_data("enquete-2023-connaissance-structures.csv"), "53", 2023)
    assert summary.figures == 60
    caue = SurveyFigure.objects.get(label="CAUE", segment="panel")
    assert caue.structure.slug == "caue-53" and caue.percentage == 93
    assert "Mayenne Ingénierie" not in summary.unmatched  # the directory has its fiche
    ingenierie = SurveyFigure.objects.filter(label="Mayenne Ingénierie", segment="panel").get()
    assert ingenierie.structure.slug == "mayenne-ingenierie"
    assert len(summary.unmatched) < 10


def test_every_problem_is_listed_and_nothing_is_written(tmp_path):
    path = write(
        tmp_path,
        "mauvais.csv",
        "structure,panel_general,maires,colonne_en_trop\nCAUE,93,-4,1\nCAUE,abc,50\n",
    )
    with pytest.raises(SurveyImportError) as refused:
        import_aggregated(path, "53", 2023)
    problems = refused.value.problems
    assert "ligne 1 : colonne manquante « communes_1000_hab_et_moins »." in problems
    assert "ligne 1 : colonne inconnue « colonne_en_trop »." in problems
    assert not Survey.objects.exists()
    path = write(
        tmp_path,
        "mauvais2.csv",
        "structure,panel_general,communes_1000_hab_et_moins,maires\n"
        "CAUE,93,-4,101\nCAUE,abc,50,50\nCerema,1,2\n",
    )
    with pytest.raises(SurveyImportError) as refused:
        import_aggregated(path, "53", 2023)
    problems = refused.value.problems
    assert any(
        p.startswith("ligne 2, colonne « communes_1000_hab_et_moins » : -4") for p in problems
    )
    assert any(p.startswith("ligne 2, colonne « maires » : 101") for p in problems)
    assert "ligne 3, colonne « panel_general » : « abc » n'est pas un nombre." in problems
    assert "ligne 3, colonne « structure » : « CAUE » déjà à la ligne 2." in problems
    assert "ligne 4 : 3 cellules au lieu de 4." in problems
    assert not SurveyFigure.objects.exists()


RAW = """profil;commune;connait:CAUE;connait:cerema;connait:Une structure inconnue;besoin:Voirie;besoin:eau-assainissement
Maire;53107;oui;non;non;oui;
Adjoint;53107;oui;oui;;non;oui
Secrétaire de mairie;53130;non;;non;oui;oui
maire;53250;OUI;Non;non;x;non
"""
# Gorron 53107 (2 500 inhabitants), Laval 53130, Saint-Poix 53250 (383 inhabitants)


def test_raw_answers_give_the_report_tables_with_their_respondents(tmp_path):
    summary = import_raw(write(tmp_path, "brut.csv", RAW), "53", 2024, title="Enquête 2024")
    assert summary.answers == 4 and summary.survey.respondents == 4
    assert summary.unmatched == ["Une structure inconnue"]
    assert SurveyAnswer.objects.count() == 4

    def figure(label, segment):
        found = SurveyFigure.objects.get(survey=summary.survey, label=label, segment=segment)
        return found.percentage, found.respondents

    # CAUE known: yes, yes, no, yes → 3/4 of the panel; mayors: Gorron yes, Saint-Poix yes
    assert figure("CAUE", "panel") == (Decimal("75.0"), 4)
    assert figure("CAUE", "maires") == (Decimal("100.0"), 2)
    assert figure("CAUE", "petites-communes") == (Decimal("100.0"), 1)  # Saint-Poix only
    # Cerema: no, yes, (no answer), no → 1/3
    assert figure("cerema", "panel") == (Decimal("33.3"), 3)
    # needs: Voirie yes, no, yes, x(=yes) → 3/4; water: -, yes, yes, no → 2/3
    assert figure("Voirie", "panel") == (Decimal("75.0"), 4)
    assert figure("eau-assainissement", "panel") == (Decimal("66.7"), 3)
    assert SurveyFigure.objects.get(label="CAUE", segment="panel").structure.slug == "caue-53"
    assert SurveyFigure.objects.get(label="Voirie", segment="panel").theme.slug == "voirie"


def test_raw_answers_are_checked_line_by_line(tmp_path):
    text = (
        "profil,commune,connait:CAUE,besoin:Voirie,divers\n"
        "Président,53107,oui,peut-être,\n"
        "maire,99999,oui,oui,\n"
    )
    with pytest.raises(SurveyImportError) as refused:
        import_raw(write(tmp_path, "brut.csv", text), "53", 2024)
    problems = refused.value.problems
    assert problems[0].startswith("ligne 1, colonne 5 : « divers » n'est ni")
    with pytest.raises(SurveyImportError) as refused:
        import_raw(
            write(tmp_path, "brut.csv", text.replace(",divers", "").replace(",\n", "\n")),
            "53",
            2024,
        )
    problems = refused.value.problems
    assert "ligne 2, colonne « profil » : profil « Président » inconnu" in problems[0]
    assert "ligne 2, colonne « besoin:Voirie » : « peut-être » au lieu de oui ou non" in problems[1]
    assert (
        "ligne 3, colonne « commune » : code commune « 99999 » absent du référentiel." in problems
    )
    assert not SurveyAnswer.objects.exists()


def test_a_new_import_of_the_same_year_replaces_it_and_years_add_up(tmp_path):
    path = write(tmp_path, "brut.csv", RAW)
    import_raw(path, "53", 2024)
    import_raw(path, "53", 2024)
    import_raw(path, "53", 2025)
    assert SurveyAnswer.objects.count() == 8
    assert list(Survey.objects.values_list("year", flat=True)) == [2024, 2025]


def test_the_readme_examples_import():
    from django.conf import settings

    examples = settings.BASE_DIR / "docs" / "exemples"
    summary = import_aggregated(examples / "enquete-agregee-exemple.csv", "53", 2022)
    assert summary.figures == 9 and summary.unmatched == []
    summary = import_raw(examples / "enquete-brute-exemple.csv", "53", 2024)
    assert summary.answers == 4 and summary.unmatched == []
