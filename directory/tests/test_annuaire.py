"""Institutional contacts from the Annuaire de l'administration: read in its two published
shapes, matched by SIREN, then by service type and département, applied with their source;
idempotent, transactional, and never over what a person typed.

The fixtures (`fixtures/annuaire-53*.json`) have the real format: every field of a record of
the national export « Base de données locales de Service-public » (as published on
data.gouv.fr, e.g. the record recorded in MTES-MCT/acceslibre's tests), and the same records
as the Opendatasoft API gives them (nested fields as JSON texts). Their values are fictitious:
numbers from the ranges the Arcep keeps for fiction (02 61 91 xx xx), example.org addresses,
« rue de l'Exemple »."""

import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from directory import annuaire, contacts
from directory.models import Structure
from history.models import Change

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures"
NATIONAL = FIXTURES / "annuaire-53.json"
API = FIXTURES / "annuaire-53-api.json"


def run(path=NATIONAL, *args) -> str:
    out = io.StringIO()
    call_command("import_annuaire", "--file", str(path), *args, stdout=out, verbosity=1)
    return out.getvalue()


def get(slug) -> Structure:
    return Structure.objects.get(slug=slug)


def test_the_fixture_is_imported_with_its_figures():
    output = run()
    assert (
        "13 fiches lues, 12 dans le territoire, 10 rapprochées d'une structure, "
        "10 structures mises à jour" in output
    )
    assert "Valeurs écartées (format invalide) : Chambre de commerce" in output
    assert (
        "Fiches sans structure correspondante, par type : caf 1, france_services 1, mairie 1"
        in output
    )
    prefecture = get("prefecture-53")
    assert prefecture.contact_phone == "02 61 91 00 01"
    assert prefecture.contact_url == "https://www.example.org/prefecture/contact"
    # the postal address, where letters go, rather than the desk's
    assert prefecture.postal_address == "CS 00001\n53015 Laval Cedex"
    assert prefecture.opening_hours == "Du lundi au vendredi : 9 h 00 – 12 h 00, 13 h 30 – 16 h 30"
    origin = prefecture.contact_sources["contact_phone"]
    assert origin["origine"] == contacts.ANNUAIRE and origin["date"] == "2026-03-12"
    assert origin["url"].startswith("https://lannuaire.service-public.gouv.fr/")
    assert Change.objects.filter(action="coordonnées reprises de l'annuaire").count() == 10


def test_named_people_are_never_read():
    run()
    dump = json.dumps(list(Structure.objects.values()), default=str)
    assert "EXEMPLE" not in dump and "jeanne" not in dump.lower() and "02 61 91 99 99" not in dump


def test_matching_by_siren_then_type_and_departement():
    run()
    # The CC des Coëvrons' SIREN also runs a France services: the EPCI's own record is taken.
    assert get("epci-200033298").contact_phone == "02 61 91 00 09"
    assert get("epci-200083392").contact_email == "accueil@example.org"
    # two sous-préfectures: each its own, by its seat commune
    assert get("sous-prefecture-chateau-gontier").contact_phone == "02 61 91 00 02"
    assert get("sous-prefecture-mayenne").contact_phone == "02 61 91 00 03"
    # the CAF's seat, not one of its desks
    assert get("caf-53").contact_phone == "02 61 91 00 06"
    # both fiches of the Département share its switchboard
    assert get("cd53-routes").contact_phone == get("cd53-developpement-durable").contact_phone
    # the Sarthe's DDT is not the Mayenne's
    assert get("ddt-53").contact_phone == "02 61 91 00 04"
    # an invalid phone is left out, the rest is taken
    cci = get("cci-53")
    assert cci.contact_phone == "" and cci.contact_email == "cci@example.org"
    # an EPCI without a record of its SIREN gets nothing from another EPCI
    assert get("epci-200042182").contact_phone == ""


def test_a_second_run_changes_nothing():
    run()
    changes = Change.objects.count()
    output = run()
    assert "0 structures mises à jour (0 coordonnées), 10 inchangées" in output
    assert Change.objects.count() == changes


def test_what_a_person_typed_is_never_overwritten():
    ddt = get("ddt-53")
    ddt.contact_phone = "02 61 91 55 55"
    contacts.mark(ddt, ["contact_phone"], contacts.STRUCTURE)
    ddt.save()
    output = run()
    ddt.refresh_from_db()
    assert ddt.contact_phone == "02 61 91 55 55"
    assert ddt.contact_email == "ddt@example.org"  # the other fields still come in
    assert "1 coordonnée(s) saisie(s) par la structure ou l'équipe" in output


def test_a_contact_the_annuaire_no_longer_gives_is_removed(tmp_path):
    run()
    data = json.loads(NATIONAL.read_text())
    ddt = next(r for r in data["service"] if r["pivot"][0]["type_service_local"] == "ddt")
    ddt["adresse_courriel"] = []
    changed = tmp_path / "annuaire.json"
    changed.write_text(json.dumps(data))
    run(changed)
    assert get("ddt-53").contact_email == ""
    assert "contact_email" not in get("ddt-53").contact_sources


def test_the_api_shape_reads_as_the_national_export():
    national = {r["id"]: annuaire.parse(r) for r in json.loads(NATIONAL.read_text())["service"]}
    for raw in json.loads(API.read_text())["results"]:
        assert isinstance(raw["pivot"], str)  # as the API gives it
        assert annuaire.parse(raw) == national[raw["id"]]


def test_an_unreadable_file_writes_nothing(tmp_path):
    wrong = tmp_path / "wrong.json"
    wrong.write_text('{"fiches": []}')
    with pytest.raises(CommandError, match="Format non reconnu"):
        run(wrong)
    broken = tmp_path / "broken.json"
    broken.write_text("{")
    with pytest.raises(CommandError, match="n'est pas du JSON"):
        run(broken)
    before = set(Structure.objects.exclude(contact_phone="").values_list("pk", "contact_phone"))
    with pytest.raises(CommandError, match="adresse web attendue"):
        call_command("import_annuaire", "--url", "file:///etc/passwd", verbosity=0)
    after = set(Structure.objects.exclude(contact_phone="").values_list("pk", "contact_phone"))
    assert after == before  # only the seed's sourced switchboards


def test_the_fiche_shows_each_contact_with_its_source_and_date(client):
    run()
    body = client.get(get("ddt-53").get_absolute_url()).content.decode()
    assert 'href="tel:0261910004"' in body and "02 61 91 00 04" in body
    assert "Annuaire de l&#x27;administration (service-public.fr)" in body
    assert "12/03/2026" in body
    assert "Du lundi au jeudi : 8 h 30 – 12 h 00, 13 h 30 – 17 h 00" in body
