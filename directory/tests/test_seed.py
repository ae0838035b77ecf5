import re
import shutil
import tomllib

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from directory import seed
from directory.models import Offre, Structure, Theme

pytestmark = pytest.mark.django_db

SEED = settings.SEED_DIR / "mayenne" / "structures"
TAXONOMIES = settings.SEED_DIR / "taxonomies.toml"
SURVEY_SLUGS = {
    "chambre-agriculture-53", "cci-53", "caue-53", "ddt-53", "territoire-energie-mayenne",
    "amf-53", "cma-53", "mayenne-tourisme", "ddfip-53", "mayenne-thd", "mayenne-ingenierie",
    "cd53-developpement-durable", "sem-energie-53", "atd-eau-53", "anct", "gal-53",
    "banque-des-territoires", "cerema", "laval-mayenne-amenagements", "epfl-mayenne-sarthe",
}  # fmt: skip
MAYENNE_EPCIS = {
    "200083392", "200033298", "200042182", "200048551", "200055887", "245300223",
    "245300355", "245300389", "245300447",
}  # fmt: skip


def test_the_twenty_survey_structures_and_the_nine_epci_are_seeded():
    slugs = set(Structure.objects.values_list("slug", flat=True))
    assert slugs >= SURVEY_SLUGS
    assert {f"epci-{siren}" for siren in MAYENNE_EPCIS} <= slugs
    for siren in MAYENNE_EPCIS:
        assert Structure.objects.get(slug=f"epci-{siren}").epci_id == siren
    expected_others = {"prefecture-53", "cnfpt", "cdg-53", "adil-53", "france-renov",
                       "agence-eau-loire-bretagne", "ars-pays-de-la-loire",
                       "region-pays-de-la-loire", "epci-247200090"}  # fmt: skip
    assert expected_others <= slugs


def test_every_structure_has_a_complete_offer_and_dated_sources():
    for structure in Structure.objects.prefetch_related("offres"):
        assert structure.source_list, structure.slug
        assert all(s.date for s in structure.source_list), structure.slug
        assert structure.offres.exists(), structure.slug
        assert not structure.is_verified, "a seed fiche is « à confirmer »"
        for offre in structure.offres.all():
            if not structure.identified:  # no guessed theme, help or phase
                assert not offre.themes.exists() and not offre.help_kinds.exists(), offre.slug
                continue
            assert offre.themes.exists(), offre.slug
            assert offre.help_kinds.exists(), offre.slug
            assert offre.phases.exists(), offre.slug
            has_territory = (
                offre.scope == Offre.Scope.FRANCE
                or offre.regions.exists()
                or offre.departements.exists()
                or offre.epcis.exists()
                or offre.communes.exists()
            )
            assert has_territory, offre.slug


def test_launch_day_fiches_can_be_reached():
    """Issue 28: at least 55 fiches (56 today) show a way in — a website or a contact page, or an
    institutional switchboard or address from an official source (BANATIC for the CC du Pays
    Sabolien) — each from the seed's own cited sources."""
    reachable = Structure.objects.exclude(
        website="", contact_url="", contact_email="", contact_phone=""
    )
    assert reachable.count() >= 56
    assert Structure.objects.exclude(website="", contact_url="").count() >= 55


def test_themes_cover_the_survey_and_the_workshop_needs():
    labels = set(Theme.objects.exclude(survey_label="").values_list("survey_label", flat=True))
    survey = [
        "Aménagement du territoire et foncier", "Architecture et bâtiment", "Logement",
        "Voirie", "Transition énergétique", "Concertation du public", "Paysage", "Urbanisme",
        "Adaptation et atténuation du changement climatique", "Déchets",
        "Développement économique", "Biodiversité", "Agriculture et alimentation",
        "Transport", "Numérique", "Projet de territoire", "Éducation et formation", "Eau",
        "Santé", "Tourisme",
    ]  # fmt: skip
    assert set(survey) == labels
    names = " ".join(Theme.objects.values_list("name", flat=True)).lower()
    for need in ("communication", "air", "vieillissement", "données"):
        assert need in names


EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
PHONE = re.compile(r"(?<!\d)0[1-9](?:[ .]?\d{2}){4}(?!\d)")


def test_seed_files_hold_no_personal_contact():
    """An address or a number only in the coordinate fields, with their source (comments
    included in the scan), and an address never of the « prenom.nom » kind: the
    institution's, never a person's."""
    for path in sorted(SEED.glob("*.toml")):
        text = path.read_text()
        rest = "\n".join(
            line
            for line in text.splitlines()
            if not line.startswith(("contact_email =", "contact_phone ="))
        )
        assert not EMAIL.search(rest), f"{path.name}: une adresse électronique hors du champ"
        assert not PHONE.search(rest), f"{path.name}: un numéro de téléphone hors du champ"
        data = tomllib.loads(text)
        if data.get("contact_email") or data.get("contact_phone"):
            assert data.get("contact_source"), f"{path.name}: coordonnées sans source"
        local = data.get("contact_email", "").split("@")[0]
        assert not re.search(r"[._-]", local), f"{path.name}: adresse nominative ?"


def copy_seed(tmp_path):
    target = tmp_path / "structures"
    shutil.copytree(SEED, target)
    return target


def test_check_mode_validates_without_writing(capsys):
    call_command("load_directory", "--check")
    assert "Fichiers valides" in capsys.readouterr().out


def test_every_problem_is_reported_with_file_record_and_field(tmp_path):
    structures = copy_seed(tmp_path)
    caue = structures / "caue-53.toml"
    caue.write_text(
        caue.read_text()
        .replace('kind = "association"', 'kind = "asso"\ngeneralist = "non"')
        .replace('themes = ["education-formation"', 'themes = ["educ"')
        .replace(
            'website = "https://caue53.com"',
            'website = "https://caue53"\ncontact_url = "caue53.com"',
        )
    )
    anct = structures / "anct.toml"
    anct.write_text(
        anct.read_text().replace(
            "population_max = 3499", "population_min = 5000\npopulation_max = 3499"
        )
    )
    (structures / "doublon.toml").write_text(
        (structures / "cerema.toml")
        .read_text()
        .replace("territory = { france = true }", 'territory = { communes = ["00000"] }')
    )
    with pytest.raises(seed.SeedError) as error:
        seed.read_seed(TAXONOMIES, structures)
    problems = error.value.problems
    caue_fiche = "caue-53.toml, structure « caue-53 », champ"
    assert {
        f"{caue_fiche} « kind » : sélectionnez un choix valide. asso n’en fait pas partie.",
        f"{caue_fiche} « generalist » : true ou false attendu.",
        f"{caue_fiche} « website » : saisissez une URL valide (« https://caue53 »).",
        f"{caue_fiche} « contact_url » : adresse complète attendue (https://…) : « caue53.com ».",
        "caue-53.toml, offre « caue-53-formation-elus », champ « themes » : thème inconnu « educ ».",
        "anct.toml, offre « anct-villages-davenir », champ « population_min » : "
        "la population minimale dépasse la population maximale (« 5000 »).",
        "doublon.toml, structure « cerema », champ « slug » : « cerema » déjà utilisé dans "
        "cerema.toml.",
    } <= set(problems), problems
    assert any("champ « territory.communes » : code « 00000 » absent" in p for p in problems)


def test_a_bad_seed_writes_nothing(tmp_path):
    structures = copy_seed(tmp_path)
    (structures / "zz-new.toml").write_text('slug = "zz-new"\nname = "Nouvelle"\n')
    Structure.objects.filter(slug="caue-53").update(name="Marqueur")
    before = (Structure.objects.count(), Offre.objects.count())
    with pytest.raises(CommandError, match="rien n'a été écrit"):
        call_command("load_directory", "--structures", str(structures), "--force", verbosity=0)
    assert (Structure.objects.count(), Offre.objects.count()) == before
    assert Structure.objects.get(slug="caue-53").name == "Marqueur"


def test_invalid_toml_syntax_is_reported(tmp_path):
    structures = copy_seed(tmp_path)
    (structures / "broken.toml").write_text('slug = "broken"\nname = \n')
    with pytest.raises(seed.SeedError, match="broken.toml : syntaxe TOML invalide"):
        seed.read_seed(TAXONOMIES, structures)


def test_reload_is_idempotent_and_keeps_verified_fiches():
    before = (Structure.objects.count(), Offre.objects.count())
    Structure.objects.filter(slug="caue-53").update(
        validation=Structure.Validation.VERIFIED, description="Texte validé par le CAUE"
    )
    summary = seed.load_seed(TAXONOMIES, SEED)
    assert (Structure.objects.count(), Offre.objects.count()) == before
    assert summary.structures_kept == ["caue-53"]
    assert Structure.objects.get(slug="caue-53").description == "Texte validé par le CAUE"


def test_arrondissement_territory_resolves_to_its_communes():
    offre = Offre.objects.get(slug="sous-prefecture-mayenne-accompagnement")
    assert offre.scope == Offre.Scope.COMMUNES
    assert offre.communes.count() == 130
    assert not offre.communes.exclude(arrondissement="533").exists()


def test_sources_need_a_date_and_offers_a_coherent_period(tmp_path):
    structures = copy_seed(tmp_path)
    caue = structures / "caue-53.toml"
    text = caue.read_text()
    text = text.replace(
        '{ url = "https://caue53.com/lactualite", date = "2024" }',
        '{ url = "https://caue53.com/lactualite" }',
        1,
    )
    text = text.replace(
        "[[offres]]\n", "[[offres]]\nvalid_from = 2025-01-01\nvalid_until = 2024-12-31\n", 1
    )
    caue.write_text(text)
    cerema = structures / "cerema.toml"
    cerema.write_text(cerema.read_text().replace('date = "2021"', 'date = "2021-13"', 1))
    with pytest.raises(seed.SeedError) as error:
        seed.read_seed(TAXONOMIES, structures)
    problems = "\n".join(error.value.problems)
    assert "caue-53.toml, structure « caue-53 », champ « sources[" in problems
    assert "date attendue (AAAA, AAAA-MM, AAAA-MM-JJ ou « non datée »)" in problems
    assert "champ « valid_until » : la fin précède le début" in problems
    assert "date impossible « 2021-13 »" in problems


def test_a_seed_offer_past_its_end_is_loaded_but_not_proposed(tmp_path):
    structures = copy_seed(tmp_path)
    cerema = structures / "cerema.toml"
    cerema.write_text(
        cerema.read_text().replace("valid_until = 2025-12-31", "valid_until = 2024-12-31")
    )
    taxonomies, records = seed.read_seed(TAXONOMIES, structures)
    first = next(r for name, r in records if name == "cerema.toml")["offres"][0]
    assert first["valid_until"].isoformat() == "2024-12-31"


def test_seed_contacts_come_with_their_source_and_keep_what_came_from_elsewhere(tmp_path, client):
    """Coordinates in the seed need the source that gives them; an offer may name who answers
    in one intercommunality; a reload keeps contacts the seed says nothing of."""
    structures = copy_seed(tmp_path)
    atd = structures / "atd-eau-53.toml"
    text = atd.read_text()
    atd.write_text(
        text.replace(
            "[[offres]]\n", 'contact_url = "https://www.example.org/contact"\n\n[[offres]]\n', 1
        )
    )
    with pytest.raises(seed.SeedError, match="la source des coordonnées est attendue"):
        seed.read_seed(TAXONOMIES, structures)
    local = (
        '\n[[offres.contacts]]\nepci = "200033298"\nlabel = "Antenne d\'Évron"\n'
        'contact_phone = "02 61 91 00 30"\n'
        'sources = [{ url = "https://www.example.org/antennes", date = "2026-01" }]\n'
    )
    text = text.replace(
        "[[offres]]\n",
        'contact_url = "https://www.example.org/contact"\n'
        'contact_source = { url = "https://www.example.org/mentions", date = "2026-02" }\n\n'
        "[[offres]]\n",
        1,
    )
    atd.write_text(text + local)  # its only offer
    seed.load_seed(TAXONOMIES, structures)
    structure = Structure.objects.get(slug="atd-eau-53")
    assert structure.contact_url == "https://www.example.org/contact"
    assert structure.contact_sources["contact_url"]["date"] == "2026-02"
    structure.contact_phone = "02 61 91 00 31"  # as an import would have brought it
    structure.contact_sources["contact_phone"] = {"origine": "annuaire", "date": "2026-03-12"}
    structure.save()
    seed.load_seed(TAXONOMIES, structures)
    structure.refresh_from_db()
    assert structure.contact_phone == "02 61 91 00 31"
    offre_url = Offre.objects.get(slug="atd-eau-53-assistance-technique").get_absolute_url()
    everywhere = client.get(offre_url).content.decode()
    assert "Pour CC des Coëvrons : Antenne d&#x27;Évron" in everywhere
    here = client.get(offre_url, {"commune": "53097"}).content.decode()  # Évron
    assert here.index("Antenne d&#x27;Évron") < here.index("Site internet")
    elsewhere = client.get(offre_url, {"commune": "53130"}).content.decode()  # Laval
    assert "Pour CC des Coëvrons : Antenne d&#x27;Évron" in elsewhere  # listed, not put first
