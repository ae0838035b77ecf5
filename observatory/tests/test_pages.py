"""Observatory pages, downloads, API and export command."""

import csv
import io

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from accounts.factories import UserFactory, member_of, territory_admin
from directory.models import Structure
from observatory.models import Survey

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey_2023():
    """The 2023 survey as shipped and loaded by `make setup` (nothing corrected)."""
    return Survey.objects.get(departement_id="53", year=2023)


def test_the_public_summary_shows_charts_with_their_tables(client, survey_2023):
    response = client.get("/observatoire/")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('class="bars fr-my-3w"') == 2  # needs and knowledge
    assert "<caption>Besoins exprimés, demande observée et offre, par thème</caption>" in html
    assert "Offres couvrant toutes les communes de chaque intercommunalité" in html
    assert "Activité de la plateforme" not in html  # for the territory admins only
    assert "@" not in html.split("<main", 1)[1].split("</main>", 1)[0]  # no address at all


def test_every_table_downloads_as_csv_and_all_as_xlsx(client, survey_2023):
    response = client.get("/observatoire/", {"format": "csv", "table": "besoins-offre"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "Thème" and len(rows) == 22  # header + 21 themes
    voirie = next(r for r in rows if r[0].startswith("Voirie"))
    assert voirie[1] == "94,0"
    workbook = load_workbook(io.BytesIO(client.get("/observatoire/", {"format": "xlsx"}).content))
    assert "besoins-offre" in workbook.sheetnames and "couverture-themes" in workbook.sheetnames
    assert client.get("/observatoire/", {"format": "csv", "table": "inconnu"}).status_code == 404


def test_coverage_by_kind_of_help_and_the_evolution_page(client, survey_2023):
    html = client.get("/observatoire/couverture/", {"axe": "aides"}).content.decode()
    assert "par type d&#x27;aide" in html
    html = client.get("/observatoire/evolution/", {"mesure": "connaissance"}).content.decode()
    assert '<th scope="col">2023</th>' in html


def test_activity_is_for_the_territory_admins_with_french_filter_errors(client):
    assert client.get("/observatoire/activite/").status_code == 302
    client.force_login(member_of(Structure.objects.first()))
    assert client.get("/observatoire/activite/").status_code == 403
    client.force_login(territory_admin("53"))
    response = client.get("/observatoire/activite/", {"du": "2026-13-01", "au": "2026-01-01"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Date invalide « 2026-13-01 » : utilisez le format AAAA-MM-JJ." in html
    response = client.get("/observatoire/activite/", {"du": "2026-02-01", "au": "2026-01-01"})
    assert "La fin de la période précède son début." in response.content.decode()


def test_the_api_serves_the_same_tables(client, survey_2023):
    body = client.get("/api/v1/observatoire/besoins?departement=53").json()
    assert body["colonnes"][0] == "Thème" and len(body["lignes"]) == 21
    coverage = client.get("/api/v1/observatoire/couverture?axe=aides").json()
    assert coverage["slug"] == "couverture-aides"
    assert client.get("/api/v1/observatoire/couverture?axe=x").status_code == 400
    assert len(client.get("/api/v1/observatoire/enquetes/2023").json()) == 2
    assert client.get("/api/v1/observatoire/enquetes/1999").status_code == 404
    assert client.get("/api/v1/observatoire/activite").status_code == 401
    client.force_login(UserFactory(email="quelquun@example.org"))
    assert client.get("/api/v1/observatoire/activite").status_code == 403
    client.force_login(territory_admin("53"))
    assert len(client.get("/api/v1/observatoire/activite").json()) == 6


def test_the_export_command_writes_every_table(tmp_path, survey_2023):
    call_command("export_observatory", str(tmp_path / "sortie"), verbosity=0)
    names = sorted(p.name for p in (tmp_path / "sortie").iterdir())
    assert "besoins-offre.csv" in names and "couverture-aides.csv" in names
    assert "enquete-2023-connaissance.csv" in names and "demandes-structures.csv" in names
