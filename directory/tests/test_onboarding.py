"""`onboard_departement`: a département's directory from the national templates, validated
like the seed, idempotent; the Mayenne's hand-written fiches untouched; a commune of the new
département only ever sent to structures that work there; the checklist of what remains."""

import tomllib
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.forms.models import model_to_dict
from django.urls import reverse

from accounts.factories import UserFactory, territory_admin
from directory import onboarding
from directory.index import get_index
from directory.models import Offre, Structure
from orientation.engine import orient
from territories.models import Commune

pytestmark = pytest.mark.django_db


def snapshot() -> dict:
    """Every fiche and offer as stored, but the timestamps."""
    structures = {
        s.slug: {k: v for k, v in model_to_dict(s).items() if k not in {"updated_at"}}
        for s in Structure.objects.all()
    }
    offres = {o.slug: model_to_dict(o) for o in Offre.objects.all()}
    return {"structures": structures, "offres": offres}


def onboard(*codes: str) -> str:
    out = StringIO()
    call_command("onboard_departement", *codes, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_the_mayenne_is_left_exactly_as_its_fiches_say():
    before = snapshot()
    report = onboard("53")
    assert snapshot() == before
    assert "0 fiches créées" in report
    # Roles held by fiches under other names are not duplicated.
    assert not Structure.objects.filter(
        slug__in=["departement-53", "sous-prefecture-chateau-gontier-sur-mayenne"]
    ).exists()


def test_the_sarthe_gets_what_the_law_gives_every_departement():
    report = onboard("72")
    created = Structure.objects.exclude(template="")
    slugs = set(created.values_list("slug", flat=True))
    assert {
        "prefecture-72", "sous-prefecture-la-fleche", "sous-prefecture-mamers", "ddt-72",
        "ddfip-72", "udap-72", "departement-72", "caue-72", "sdis-72", "cdg-72", "archives-72",
    } <= slugs  # fmt: skip
    assert "sous-prefecture-le-mans" not in slugs  # the préfecture's own arrondissement
    epcis = Commune.objects.filter(departement_id="72").values_list("epci_id", flat=True)
    assert {f"epci-{code}" for code in epcis if code != "247200090"} <= slugs
    assert Structure.objects.get(slug="epci-247200090").template == ""  # the Mayenne's fiche
    prefecture = Structure.objects.get(slug="prefecture-72")
    assert prefecture.name == "Préfecture de la Sarthe" and prefecture.seat_commune_id == "72181"
    assert prefecture.contact_email == "pref-mail@sarthe.gouv.fr"  # the ANCT's file, sourced
    assert prefecture.contact_sources and prefecture.website == "https://www.sarthe.gouv.fr"
    assert prefecture.confidence.label == "D'après sources publiques (textes nationaux)"
    assert Structure.objects.get(slug="ddt-72").name == (
        "Direction départementale des territoires de la Sarthe"
    )
    for structure in created:
        assert structure.sources and not structure.is_verified
        for offre in structure.offres.all():
            assert offre.sources, offre.slug  # every offer cites the text it rests on
    assert "laissées telles quelles : ars-pays-de-la-loire" in report
    # Run again: nothing changes.
    before = snapshot()
    onboard("72")
    assert snapshot() == before


def test_a_ddtm_keeps_its_name_and_a_department_with_an_apostrophe_reads_right():
    onboard("35")
    ddtm = Structure.objects.get(slug="ddt-35")
    assert ddtm.name == "Direction départementale des territoires et de la mer d'Ille-et-Vilaine"
    assert ddtm.acronym == "DDTM"
    assert Structure.objects.get(slug="caue-35").name == (
        "Conseil d'architecture, d'urbanisme et de l'environnement d'Ille-et-Vilaine"
    )
    assert Structure.objects.filter(slug="region-bretagne", template="region").exists()


def test_a_commune_of_the_sarthe_is_sent_only_to_structures_working_there():
    onboard("72")
    commune = Commune.objects.for_coverage().get(code="72008")  # Arnage
    index = get_index()
    covering = index.covering(commune)
    result = orient(commune, "notre pont communal se fissure, qui peut faire un diagnostic ?")
    shown = [r.offre for block in result.blocks for r in block.results]
    assert shown and all(offre.pk in covering for offre in shown)
    slugs = {offre.structure.slug for offre in shown}
    assert not {"cd53-routes", "ddt-53", "prefecture-53", "caue-53"} & slugs


def test_a_template_s_correction_reaches_untouched_fiches_never_edited_ones(client):
    from django.forms.models import model_to_dict as as_data

    from spaces.forms import StructureForm
    from spaces.services import save_recorded

    onboard("72")
    caue, sdis = Structure.objects.get(slug="caue-72"), Structure.objects.get(slug="sdis-72")
    # The CAUE's fiche is edited in the structure space (the form and service it uses).
    before = as_data(caue)
    form = StructureForm(
        {
            **{k: v for k, v in before.items() if v is not None},
            "description": "Écrite par le CAUE de la Sarthe.",
        },
        instance=caue,
    )
    assert form.is_valid(), form.errors
    save_recorded(UserFactory(), form, before, caue)
    caue.refresh_from_db()
    assert caue.template == ""  # taken over
    # A template correction: the SDIS's untouched fiche follows, the CAUE's edited one stays.
    Structure.objects.filter(pk=sdis.pk).update(description="Ancien texte du modèle.")
    onboard("72")
    caue.refresh_from_db()
    sdis.refresh_from_db()
    assert caue.description == "Écrite par le CAUE de la Sarthe."
    assert sdis.description != "Ancien texte du modèle." and sdis.template == "sdis"


def test_two_departements_with_a_sous_prefecture_of_the_same_name_keep_both():
    onboard("972", "974")  # Saint-Pierre, in Martinique and in La Réunion
    martinique = Structure.objects.get(slug="sous-prefecture-saint-pierre")
    reunion = Structure.objects.get(slug="sous-prefecture-saint-pierre-974")
    assert martinique.seat_commune.departement_id == "972"
    assert reunion.seat_commune.departement_id == "974"
    onboard("974")
    martinique.refresh_from_db()
    assert martinique.seat_commune.departement_id == "972"


def test_the_checklist_of_a_departement_with_nothing_created_says_so():
    checklist = onboarding.checklist("53")  # every role held by a hand-written fiche
    labels = {item.label: item for item in checklist.items}
    assert labels["Fiches d'après les modèles nationaux"].done
    assert "Coordonnées institutionnelles des fiches créées" not in labels


def test_the_law_s_exceptions_are_said_not_guessed():
    onboard("69")
    assert not Structure.objects.filter(slug="departement-69").exists()
    assert not Structure.objects.filter(epci_id="200046977", template="epci-metropole").exists()
    labels = [item.label for item in onboarding.checklist("69").items]
    assert "Modèle « departement » non appliqué" in labels
    ille = onboarding.plan("35")
    ddfip = next(r for t, r in ille.records if t == "ddfip")
    assert ddfip["name"] == (
        "Direction régionale des finances publiques de Bretagne et du département d'Ille-et-Vilaine"
    )


def test_the_checklist_says_what_was_created_and_what_to_ask(client):
    onboard("72")
    checklist = onboarding.checklist("72")
    labels = {item.label: item for item in checklist.items}
    assert not labels["Syndicat départemental d'énergie"].done
    assert "la préfecture" in labels["Syndicat départemental d'énergie"].ask
    assert labels["Établissement public foncier"].done  # the EPF Mayenne-Sarthe's fiche
    assert not any("Région Pays de la Loire" in label for label in labels)  # its offers: 52
    assert any(s.slug == "region-pays-de-la-loire" for s in checklist.by_hand)
    assert labels["Guichet de l'ingénierie de la préfecture"].done

    url = reverse("spaces:departement_checklist", args=["72"])
    client.force_login(territory_admin("53"))
    assert client.get(url).status_code == 403
    client.force_login(territory_admin("72"))
    page = client.get(url).content.decode()
    assert "Annuaire de départ : Sarthe (72)" in page
    assert "Syndicat départemental d&#x27;énergie" in page and "Préfecture de la Sarthe" in page
    platform = client.get(reverse("spaces:platform")).content.decode()
    assert url in platform


def test_an_unknown_departement_is_refused_in_french():
    with pytest.raises(Exception, match="inconnu"):
        onboard("99")


def test_corsica_s_codes_make_valid_identifiers():
    onboard("2A")
    prefecture = Structure.objects.get(slug="prefecture-2a")
    assert prefecture.name == "Préfecture de la Corse-du-Sud"
    assert list(prefecture.offres.first().departements.values_list("code", flat=True)) == ["2A"]


def test_a_regional_fiche_written_by_hand_keeps_the_template_s_offers_it_copies():
    """The Pays de la Loire's ARS and DRAC fiches are written by hand (the Mayenne's seed) and
    win over the templates there; an offer they copy from a template (same title) says the
    same as the template, so a correction of one reaches the other."""
    pairs = {"ars.toml": "ars-pays-de-la-loire.toml", "drac.toml": "drac-pays-de-la-loire.toml"}
    compared = 0
    for template, fiche in pairs.items():
        models = tomllib.loads((settings.SEED_DIR / "modeles" / template).read_text())
        written = tomllib.loads((settings.SEED_DIR / "mayenne" / "structures" / fiche).read_text())
        by_title = {offre["title"]: offre for offre in written["offres"]}
        for offre in models["offres"]:
            copy = by_title.get(offre["title"])
            if copy is None:
                continue
            compared += 1
            for key in ("summary", "themes", "aides", "phases", "cost", "sources"):
                assert copy[key] == offre[key], (fiche, offre["title"], key)
    assert compared >= 2
