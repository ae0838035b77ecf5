"""The communes of national programmes, from the ANCT's lists: imported idempotently with
their source, read through former codes, shown on the commune page, and used by the engine
for the offers reserved to a programme."""

import pytest
from django.core.management import CommandError, call_command

from conftest import shared_data
from directory.index import get_index
from directory.models import Offre
from orientation.engine import orient
from territories.models import Commune, CommuneAlias, Programme, ProgrammeMembership

pytestmark = pytest.mark.django_db

PVD = "petites-villes-de-demain"


def run(*args, **options):
    call_command("import_programme", *args, verbosity=0, **options)


def pvd_codes() -> set[str]:
    return set(
        ProgrammeMembership.objects.filter(programme__slug=PVD).values_list("commune", flat=True)
    )


def test_the_pvd_list_is_imported_again_without_change_and_follows_the_file(tmp_path, capsys):
    path = shared_data("programmes/petites-villes-de-demain-mayenne.csv")
    ProgrammeMembership.objects.filter(programme__slug=PVD).delete()
    call_command("import_programme", PVD, file=str(path), force=True)
    assert "15 ligne(s) lue(s) ; communes ajoutées : 15" in capsys.readouterr().out
    assert len(pvd_codes()) == 15 and {"53003", "53062", "53182"} <= pvd_codes()
    membership = ProgrammeMembership.objects.get(programme__slug=PVD, commune="53003")
    assert membership.external_id == "pvd-52-53-1"
    assert membership.source == "petites-villes-de-demain-mayenne.csv"
    assert Programme.objects.get(slug=PVD).members_known
    call_command("import_programme", PVD, file=str(path))
    assert "Petites villes de demain déjà à jour : rien à faire." in capsys.readouterr().out
    call_command("import_programme", PVD, file=str(path), force=True)
    assert "communes ajoutées : 0, inchangées ou mises à jour : 15, retirées : 0" in (
        capsys.readouterr().out
    )
    lines = path.read_text(encoding="utf-8").splitlines()
    shorter = tmp_path / "pvd.csv"
    shorter.write_text("\n".join(line for line in lines if ",53003," not in line))
    run(PVD, file=str(shorter), source="data.gouv.fr, programme-petites-villes-de-demain")
    assert len(pvd_codes()) == 14 and "53003" not in pvd_codes()


def test_former_codes_are_read_and_a_bad_file_writes_nothing(tmp_path, capsys):
    alias = CommuneAlias.objects.exclude(code="").exclude(code__in=Commune.objects.values("code"))
    alias = alias.select_related("commune").first()
    before = pvd_codes()
    merged = tmp_path / "national.csv"  # the dataset's columns, semicolons, a national list
    merged.write_text(
        "insee_com;lib_com;id_pvd;date_signature\n"
        f"{alias.code};Ancienne commune;pvd-x;2021-06-15\n"
        "35238;Rennes;pvd-y;2021-06-15\n99999;Inconnue;pvd-z;\n",
        encoding="utf-8",
    )
    call_command("import_programme", "action-coeur-de-ville", file=str(merged))
    out = capsys.readouterr().out
    assert "3 ligne(s) lue(s) ; communes ajoutées : 1" in out
    assert "codes inconnus : 35238, 99999" in out  # Rennes: not in this referential
    (membership,) = ProgrammeMembership.objects.filter(programme__slug="action-coeur-de-ville")
    assert membership.commune == alias.commune and str(membership.signed_on) == "2021-06-15"
    bad = tmp_path / "bad.csv"
    bad.write_text("commune,nom\n53003,Ambrières\n", encoding="utf-8")
    with pytest.raises(CommandError, match="aucune colonne de code INSEE"):
        run(PVD, file=str(bad))
    with pytest.raises(CommandError, match="Programme inconnu"):
        run("inconnu", file=str(bad))
    assert pvd_codes() == before


def test_offers_reserved_to_a_programme_reach_its_communes_with_the_reason(client):
    path = shared_data("programmes/petites-villes-de-demain-mayenne.csv")
    run(PVD, file=str(path))
    offre = Offre.objects.get(slug="anct-petites-villes-de-demain")
    text = "revitaliser le centre-bourg et ses commerces"
    member = Commune.objects.get(code="53182")  # Port-Brillet
    result = next(r for r in orient(member, text).results if r.offre.pk == offre.pk)
    assert "votre commune est Petite ville de demain" in result.raisons
    other = Commune.objects.get(code="53185")  # Pré-en-Pail-Saint-Samson: in the list
    outsider = Commune.objects.get(code="53130")  # Laval: not in it
    index = get_index()
    assert offre.pk in index.available(other) and offre.pk not in index.available(outsider)
    assert offre.pk not in {r.offre.pk for r in orient(outsider, text).results}
    for commune in (member, outsider):  # the same rule in SQL
        assert (offre.pk in index.available(commune)) == Offre.objects.covering(commune).filter(
            pk=offre.pk
        ).exists()
    page = client.get("/communes/53182/").content.decode()
    assert "Port-Brillet est Petite ville de demain" in page
    assert "Laval est dans le programme Action cœur de ville" in (
        client.get("/communes/53130/").content.decode()
    )
    plain = Commune.objects.filter(departement="53", programmes__isnull=True).first()
    assert "Programmes nationaux" not in client.get(f"/communes/{plain.code}/").content.decode()


def test_villages_d_avenir_has_its_30_communes_and_its_offer_goes_to_them_only():
    """Imported from the ANCT's layer like PVD and ACV (issue 28 §3): the offer is no longer
    shown « accès réservé » to every small commune, only to the 30 selected."""
    villages = Offre.objects.get(slug="anct-villages-davenir")
    assert list(villages.programmes.values_list("slug", flat=True)) == ["villages-d-avenir"]
    programme = Programme.objects.get(slug="villages-d-avenir")
    assert programme.members_known and str(programme.source_date) == "2024-09-16"
    members = set(
        ProgrammeMembership.objects.filter(programme=programme).values_list("commune", flat=True)
    )
    assert len(members) == 30 and {"53005", "53273", "53228"} <= members  # Andouillé…
    index = get_index()
    selected = Commune.objects.get(code="53005")
    other = (
        Commune.objects.filter(departement="53", population__lt=3500)
        .exclude(code__in=members)
        .first()
    )
    assert villages.pk in index.available(selected)
    assert villages.pk not in index.available(other)
