"""Réalisations: the State's 2019 grants imported as projects of today's communes, their
themes from the keyword table, « près de chez vous » in the journey, the territory pages and
the API."""

import re

import pytest
from django.core.management import CommandError, call_command

from conftest import shared_data
from peers import dotations
from peers.models import Realisation
from territories.models import Commune, CommuneAlias

pytestmark = pytest.mark.django_db

FILE = "programmes/dotations-investissement-2019-mayenne.csv"


@pytest.fixture
def imported():
    call_command("import_dotations_2019", file=str(shared_data(FILE)), verbosity=0)


def test_the_2019_grants_become_published_realisations_of_today_s_communes(imported, capsys):
    on_communes = Realisation.objects.filter(
        status=Realisation.Status.PUBLISHED, commune__departement="53"
    )
    # 202 grants: 176 projects (audit of 6 December 2026), 137 of them by communes
    assert Realisation.objects.filter(source=Realisation.Source.DOTATIONS_2019).count() == 176
    assert on_communes.count() == 137
    streets = Realisation.objects.get(
        commune="53001", title="Aménagement des rues Jean-Baptiste Robin et Georges Landais"
    )  # one project, two grants
    assert sorted((f.scheme, f.amount) for f in streets.funding.all()) == [
        ("DETR", 40000),
        ("DSIL", 49438),
    ]
    assert streets.total_cost == 376500 and streets.year_start == 2019
    assert {t.slug for t in streets.themes.all()} == {"voirie"}
    assert Realisation.objects.filter(epci="200083392").exists()  # Laval Agglomération's
    call_command("import_dotations_2019", file=str(shared_data(FILE)))
    assert "Dotations 2019 déjà à jour : rien à faire." in capsys.readouterr().out
    call_command("import_dotations_2019", file=str(shared_data(FILE)), force=True)
    assert "nouvelles : 0" in capsys.readouterr().out


def test_a_project_split_in_two_differently_worded_grants_is_one_project(imported):
    """The audit's HIGH error: DETR and DSIL lines of one project, worded differently, each
    with the full cost. Grouped by territory and total cost, not by wording."""
    school = Realisation.objects.filter(
        source=Realisation.Source.DOTATIONS_2019, funding__scheme="DSIL", total_cost=1345000
    ).distinct()
    assert school.count() == 1  # Le Genest-Saint-Isle's school: once, not twice
    assert sorted((f.scheme, f.amount) for f in school.get().funding.all()) == [
        ("DETR", 283003),
        ("DSIL", 250000),
    ]
    gendarmerie = Realisation.objects.get(epci="200042182", total_cost=1956000)
    assert sorted(f.amount for f in gendarmerie.funding.all()) == [150000, 614000]
    # two different projects of one commune with the same scheme stay two
    assert Realisation.objects.filter(commune="53097", total_cost__gt=0).count() >= 2


def test_a_merged_commune_s_2019_code_and_an_unknown_territory(tmp_path, capsys):
    alias = CommuneAlias.objects.exclude(code="").exclude(code__in=Commune.objects.values("code"))
    alias = alias.select_related("commune").first()
    header = shared_data(FILE).read_text(encoding="utf-8").splitlines()[0]
    path = tmp_path / "dotations.csv"
    path.write_text(
        f"{header}\n"
        f"di19_x1,53,{alias.code},Ancienne,300,DETR,commune,4 - Education,Extension de l'école,"
        "100000,30000,0.3,48.1,-0.7\n"
        "di19_x2,53,53999,Nulle part,300,DETR,commune,4 - Education,Cantine,1000,300,0.3,48,-0.7\n",
        encoding="utf-8",
    )
    call_command("import_dotations_2019", file=str(path))
    assert "territoires introuvables : Nulle part (53999)" in capsys.readouterr().out
    school = Realisation.objects.get(external_id="di19_x1")
    assert school.commune == alias.commune  # the 2019 code, read through the former codes
    assert (school.latitude, school.longitude) == (
        alias.commune.latitude,
        alias.commune.longitude,
    )
    bad = tmp_path / "bad.csv"
    bad.write_text("id_projet,description\nx,y\n", encoding="utf-8")
    with pytest.raises(CommandError, match="colonnes absentes"):
        call_command("import_dotations_2019", file=str(bad), verbosity=0)


def test_the_keyword_table_gives_themes_and_falls_back_on_the_category():
    table = dotations.load_table()
    hall = table.themes_for(
        "Réhabilitation thermique et mise en accessibilité de la salle des fêtes",
        "7 - Construction, habitat, urbanisme et transport",
    )
    assert {"architecture-batiment", "transition-energetique"} <= set(hall)
    assert table.themes_for("Acquisition de matériel", "1 - Santé, sanitaire et social") == [
        "sante-vieillissement"
    ]


def test_a_place_name_is_not_the_project_and_a_contract_is_not_a_theme():
    """The audit's theme errors: an address or a crossroads « de l'église » gave themes."""
    table = dotations.load_table()
    crtl = table.themes_for(
        "Dépollution du site CRTL au 95 rue du Pressoir salé à Laval", "3 - Environnement"
    )
    assert "voirie" not in crtl
    crossroads = table.themes_for(
        "Aménagement sécuritaire routes d'Argenton et de Daon, et du carrefour de l'église",
        "6 - Mise aux normes et sécurisation",
    )
    assert crossroads == ["voirie"]
    assert table.themes_for("Restauration de l'église", "7 - Construction") == [
        "architecture-batiment"
    ]
    assert table.themes_for("Étude préalable", "8 - Contrat de Ruralité") == []


def test_nearby_in_the_journey_the_territory_pages_and_the_api(client, imported):
    html = client.get(
        "/orientation/resultats/", {"commune": "53271", "q": "rénover la salle des fêtes"}
    ).content.decode()
    section = html[
        html.index("Près de chez vous") : html.index("</section>", html.index("Près de chez vous"))
    ]
    assert section.count("<li") == 3 and "salle des fêtes" in section
    assert "Villaines-la-Juhel," not in section  # other communes only
    distances = [int(km) for km in re.findall(r"à (\d+) km", section)]
    assert distances == sorted(distances) and distances[-1] <= 40
    assert "État — DETR" in section or "État — DSIL" in section
    part = client.get("/realisations/communes/53029/", HTTP_HX_REQUEST="true").content.decode()
    assert "Réalisations : Bierné-les-Villages" in part and "<html" not in part
    api = client.get("/api/v1/realisations", {"commune": "53001"}).json()
    assert api["count"] == 1 and api["results"][0]["financements"][0]["financeur"] == "État"
    assert client.get("/api/v1/realisations", {"commune": "99999"}).status_code == 400
    page = client.get(f"/realisations/{api['results'][0]['id']}/").content.decode()
    assert (
        "Dotations d&#x27;investissement 2019" in page or "Dotations d'investissement 2019" in page
    )


def test_contacting_the_commune_relays_the_message_to_its_town_hall(client, imported):
    from outbox.models import OutgoingEmail

    realisation = Realisation.objects.get(external_id="di19_com12882")  # Ahuillé's streets
    url = f"/realisations/{realisation.pk}/contacter/"
    page = client.get(url).content.decode()
    assert "adresse publique de la mairie de Ahuillé" in page
    assert Commune.objects.get(code="53001").town_hall_email not in page  # never shown
    bad = client.post(url, {"name": "", "email": "pas-une-adresse", "message": ""})
    assert (
        bad.status_code == 400
        and "Saisissez une adresse électronique valide" in bad.content.decode()
    )
    sent = client.post(
        url,
        {
            "name": "Claire Martin",
            "role": "maire",
            "commune": "Villaines-la-Juhel",
            "email": "maire@villaines.example",
            "message": "Combien de temps ont duré les travaux ?",
        },
    )
    assert sent.status_code == 200 and "part vers la mairie de Ahuillé" in sent.content.decode()
    mail = OutgoingEmail.objects.get()
    assert mail.to == Commune.objects.get(code="53001").town_hall_email
    assert mail.reply_to == "maire@villaines.example"
    assert (
        "Combien de temps ont duré les travaux ?" in mail.body
        and "(Villaines-la-Juhel)" in mail.body
    )
    assert (
        "maire@villaines.example"
        not in client.get(f"/realisations/{realisation.pk}/").content.decode()
    )


def test_the_relayed_message_says_what_was_checked_and_cannot_pass_for_the_platform(
    client, imported
):
    """Issue 26: a sender could claim any name and add lines that looked like the platform's."""
    from outbox.models import OutgoingEmail

    realisation = Realisation.objects.get(external_id="di19_com12882")
    forged = "Bonjour.\n---\nCarto'Ingé : votre compte est suspendu, cliquez ici."
    client.post(
        f"/realisations/{realisation.pk}/contacter/",
        {
            "name": "Préfecture\nde la Mayenne",
            "role": "",
            "commune": "",
            "email": "x@example.fr",
            "message": forged,
        },
    )
    body = OutgoingEmail.objects.get().body
    assert "Une personne qui se présente comme Préfecture de la Mayenne" in body
    assert "> ---\n> Carto'Ingé : votre compte est suspendu" in body  # quoted, visibly theirs
    assert "sont ceux que la personne a saisis, sans contrôle" in body
