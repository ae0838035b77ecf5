"""`manage.py setup` (what `make setup` and `make run` call): a second run with nothing changed
imports nothing, builds no guide and leaves the directory's version as it was, so the server
starts in seconds (issue 25 §1)."""

import pytest
from django.core.management import call_command

from conftest import SHARED_DATA, shared_data
from directory import revision
from guide import store
from territories.models import EPCI, DatasetImport, Departement

pytestmark = pytest.mark.django_db


def test_a_second_setup_with_nothing_changed_does_nothing(capsys, settings, tmp_path):
    settings.OPENDATA_ROOT = tmp_path
    shared_data("programmes/dotations-investissement-2019-mayenne.csv")
    call_command(
        "import_dotations_2019",
        file=str(SHARED_DATA / "programmes" / "dotations-investissement-2019-mayenne.csv"),
        verbosity=0,
    )
    # The guides of this version of the directory are on disk (building them is build_guides'
    # own test): setup must not build them again.
    departement = Departement.objects.get(code="53")
    guides = [("departement", departement)] + [
        ("epci", epci) for epci in EPCI.objects.filter(communes__departement=departement).distinct()
    ]
    for kind, territory in guides:
        path = store.path_of(kind, territory)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"%PDF-1.7 already built")
    version, imports = revision.current(), list(DatasetImport.objects.values_list())
    capsys.readouterr()

    call_command("setup", programmes=str(SHARED_DATA / "programmes"))

    out = capsys.readouterr().out
    for what in (
        "Référentiel territorial",
        "Annuaire",
        "Enquête",
        "Petites villes de demain",
        "Action cœur de ville",
        "Dotations 2019",
    ):
        assert f"{what} déjà à jour : rien à faire." in out
    assert f"Guides imprimables déjà à jour : {len(guides)}." in out
    assert "Guide 1/" not in out
    assert revision.current() == version
    assert list(DatasetImport.objects.values_list()) == imports


def test_an_import_whose_input_changed_runs_again(tmp_path, capsys):
    path = shared_data("programmes/petites-villes-de-demain-mayenne.csv")
    changed = tmp_path / "pvd.csv"
    changed.write_text(path.read_text(encoding="utf-8").replace(",53003,", ",53000,"))
    call_command("import_programme", "petites-villes-de-demain", file=str(changed))
    assert "communes ajoutées : 0, inchangées ou mises à jour : 14, retirées : 1" in (
        capsys.readouterr().out
    )
