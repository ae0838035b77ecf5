"""Nothing typed by a visitor or a structure runs as a formula in the team's spreadsheets or
in the open data (issue 26, OWASP « CSV injection »)."""

import csv
import io

import pytest
from openpyxl import load_workbook

from core.spreadsheets import safe_cell
from directory.models import Structure
from observatory.tables import Table, to_csv, to_xlsx
from opendata import exports
from orientation.listening import write_csv
from orientation.models import Feedback, Journey

pytestmark = pytest.mark.django_db

FORMULAS = ['=HYPERLINK("http://x.example","clic")', "+1+1", "-2+3", "@SUM(A1)", "\t=1"]


def test_a_formula_becomes_text_and_numbers_stay_numbers():
    assert [safe_cell(f) for f in FORMULAS] == ["'" + f for f in FORMULAS]
    assert safe_cell(-0.77) == -0.77 and safe_cell("Laval") == "Laval"


def test_the_feedback_csv_of_the_platform_team():
    journey = Journey.objects.create(text=FORMULAS[0], themes=["voirie"])
    Feedback.objects.create(journey=journey, helped=False, comment=FORMULAS[3])
    out = io.StringIO()
    write_csv(out, [journey])
    row = list(csv.DictReader(io.StringIO(out.getvalue()), delimiter=";"))[0]
    assert row["demande"] == "'" + FORMULAS[0] and row["precision"] == "'" + FORMULAS[3]


def test_the_open_data_and_the_observatory_tables():
    Structure.objects.filter(slug="caue-53").update(name=FORMULAS[1])
    text = exports.csv_text("structures", exports.structure_rows())
    assert f";'{FORMULAS[1]};" in text
    table = Table("t", "Titre", "Résumé", ["Nom", "Nombre"], [[FORMULAS[2], 3]])
    assert f"'{FORMULAS[2]};3" in to_csv(table)
    sheet = load_workbook(io.BytesIO(to_xlsx([table])))["t"]
    assert [cell.value for cell in sheet[5]] == ["'" + FORMULAS[2], 3]
