import json
import shutil

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from territories import referential
from territories.models import EPCI, Commune, CommuneAlias, Departement, PostalCode, Region

pytestmark = pytest.mark.django_db


def counts():
    return (
        Region.objects.count(),
        Departement.objects.count(),
        EPCI.objects.count(),
        Commune.objects.count(),
        CommuneAlias.objects.count(),
        PostalCode.objects.count(),
    )


def test_mayenne_referential_is_complete():
    assert Commune.objects.filter(departement_id="53").count() == 240
    assert EPCI.objects.count() == 10
    assert Region.objects.count() == 26
    laval = Commune.objects.get(code="53130")
    assert laval.name == "Laval"
    assert laval.epci_id == "200083392"
    assert laval.population > 40000
    assert "53000" in laval.postal_code_list
    assert laval.siren
    # Every Mayenne commune is in exactly one EPCI (9 Mayenne ones + the Pays Sabolien).
    assert not Commune.objects.filter(departement_id="53", epci__isnull=True).exists()


def test_reimport_updates_and_never_duplicates():
    before = counts()
    Commune.objects.filter(code="53130").update(name="Laval modifiée", population=1)
    source = referential.read_source(settings.DECOUPAGE_DATA_DIR)
    summary = referential.import_referential(source, ["53"])
    assert counts() == before
    assert summary.communes_created == 0
    assert summary.communes_updated == 240
    laval = Commune.objects.get(code="53130")
    assert laval.name == "Laval" and laval.population > 40000


def test_unchanged_source_is_skipped(capsys):
    call_command("import_territories", "--geometry", "none", "--force", verbosity=1)
    call_command("import_territories", "--geometry", "none", verbosity=1)
    assert "déjà à jour" in capsys.readouterr().out


def test_straddling_epci_exists_with_its_mayenne_member():
    bouessay = Commune.objects.get(code="53037")
    assert bouessay.epci.code == "247200090"
    assert bouessay.epci.name == "CC du Pays Sabolien"
    assert set(bouessay.epci.departements.values_list("code", flat=True)) == {"53", "72"}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Azé", "53062"),
        ("aze", "53062"),
        ("Château-Gontier", "53062"),
        ("chateau gontier", "53062"),
        ("St Denis du Maine", "53212"),
        ("saint-denis-du-maine", "53212"),
        ("VILLAINES LA JUHEL", "53271"),
        ("Gorr", "53107"),
        ("53107", "53107"),
        ("53120", "53107"),
        ("Gorron (53107)", "53107"),
    ],
)
def test_search_finds_commune(query, expected):
    results = Commune.objects.search(query)
    assert results, query
    assert results[0].code == expected


def test_search_by_code_puts_the_postal_code_first_then_the_insee_code():
    codes = [c.code for c in Commune.objects.search("53120")]
    assert codes[0] == "53107"  # Gorron, the largest commune with postal code 53120
    assert "53120" in codes  # Izé, whose INSEE code is 53120


def test_search_ranks_exact_name_first_and_limits():
    results = Commune.objects.search("laval")
    assert results[0].code == "53130"
    assert len(Commune.objects.search("saint", limit=5)) == 5
    assert Commune.objects.search("   ") == []
    assert Commune.objects.search("zzzzzz") == []


def copy_source(tmp_path):
    target = tmp_path / "data"
    shutil.copytree(settings.DECOUPAGE_DATA_DIR, target)
    return target


@pytest.mark.parametrize(
    ("file_name", "mutate", "message"),
    [
        ("communes.json", lambda data: "{not json", "communes.json : JSON illisible"),
        ("regions.json", lambda data: {"not": "a list"}, "regions.json : une liste"),
        (
            "communes.json",
            lambda data: [{**data[0], "nom": ""}, *data[1:]],
            "champ « nom » manquant ou invalide",
        ),
        (
            "communes.json",
            lambda data: [{**c, "population": -3} if c["code"] == "53130" else c for c in data],
            "communes.json, enregistrement 53130 : champ « population » invalide",
        ),
        (
            "departements.json",
            lambda data: [{**d, "region": "99"} if d["code"] == "53" else d for d in data],
            "departements.json, enregistrement 53 : région « 99 » inconnue",
        ),
    ],
)
def test_malformed_source_is_rejected_and_nothing_written(tmp_path, file_name, mutate, message):
    source_dir = copy_source(tmp_path)
    path = source_dir / file_name
    data = json.loads(path.read_text())
    changed = mutate(data)
    path.write_text(changed if isinstance(changed, str) else json.dumps(changed))
    Commune.objects.filter(code="53130").update(name="Marqueur")
    before = counts()
    with pytest.raises(CommandError) as error:
        call_command("import_territories", "--data-dir", str(source_dir), "--force", verbosity=0)
    assert message in str(error.value)
    assert "rien n'a été écrit" in str(error.value)
    assert counts() == before
    assert Commune.objects.get(code="53130").name == "Marqueur"


def test_unknown_departement_is_refused():
    source = referential.read_source(settings.DECOUPAGE_DATA_DIR)
    with pytest.raises(referential.ReferentialError, match="99"):
        referential.import_referential(source, ["99"])


def test_missing_directory_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="fichier introuvable"):
        call_command("import_territories", "--data-dir", str(tmp_path), verbosity=0)


def test_other_departement_can_be_added():
    source = referential.read_source(settings.DECOUPAGE_DATA_DIR)
    summary = referential.import_referential(source, ["72"])
    assert summary.communes_created > 300
    sable = Commune.objects.get(code="72264")
    assert sable.epci_id == "247200090"
    assert Commune.objects.filter(departement_id="53").count() == 240


def test_for_orientation_reads_the_fields_the_engine_uses_and_nothing_else():
    bouessay = Commune.objects.for_orientation("53037")
    full = Commune.objects.get(code="53037")
    assert (bouessay.code, bouessay.name, bouessay.population) == (
        full.code,
        full.name,
        full.population,
    )
    assert (bouessay.epci_id, bouessay.departement_id, bouessay.region_id) == (
        full.epci_id,
        full.departement_id,
        full.region_id,
    )
    assert {"geometry", "search_name"} <= bouessay.get_deferred_fields()
    assert Commune.objects.for_orientation("99999") is None
    assert Commune.objects.for_orientation("'; DROP TABLE x; --") is None
