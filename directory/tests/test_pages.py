import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from directory.index import get_index
from directory.models import Offre, Structure

pytestmark = pytest.mark.django_db


def text(response):
    return response.content.decode()


def test_home(client):
    response = client.get("/")
    assert response.status_code == 200
    body = text(response)
    assert "Qui peut accompagner le projet de votre commune&nbsp;?" in body
    assert "Voirie et ouvrages d&#x27;art" in body
    assert 'lang="fr"' in body


def test_security_headers(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_pages_load_only_local_assets(client):
    body = text(client.get("/"))
    for marker in ("cdn.", "unpkg", "jsdelivr", "googleapis"):
        assert marker not in body
    assert "/static/vendor/dsfr/dsfr.bundle.min.css" in body


def test_every_icon_the_templates_use_has_its_picture_in_the_bundle():
    root = Path(settings.BASE_DIR)
    templates = "".join(p.read_text(encoding="utf-8") for p in (root / "templates").rglob("*.html"))
    bundle = (root / "static/vendor/dsfr/dsfr.bundle.min.css").read_text(encoding="utf-8")
    used = set(re.findall(r"fr-icon-[a-z0-9-]+", templates))
    assert used and {"fr-icon-mail-line", "fr-icon-download-line"} <= used
    for icon in used:
        match = re.search(
            rf"\.{icon}:before[^{{}}]*\{{[^}}]*mask-image:url\(icons/([^)]+)\)", bundle
        )
        assert match, icon
        assert (root / "static/vendor/dsfr/icons" / match.group(1)).exists(), icon


def test_directory_lists_structures_with_facet_counts(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(20):
        response = client.get(reverse("directory:list"))
    body = text(response)
    assert response.status_code == 200
    assert f"{Structure.objects.count()} structures" in body
    assert "Agence nationale de la cohésion des territoires (ANCT)" in body
    assert "Page suivante" in body
    assert "Voirie et ouvrages d&#x27;art (" in body


def test_directory_filters_by_theme_and_commune(client):
    response = client.get(reverse("directory:list"), {"theme": "voirie", "commune": "Gorron"})
    body = text(response)
    assert "couvrant Gorron" in body
    assert "Amendes de police" in body
    assert "Programme national Ponts" not in body  # ended in 2025
    assert "Laval Agglomération" not in body
    assert "Territoire d&#x27;énergie Mayenne" in body


def test_directory_bad_filters_are_explained_and_the_rest_applies(client):
    response = client.get(
        reverse("directory:list"), {"commune": "Nullepart", "theme": "inconnu", "aide": "juridique"}
    )
    body = text(response)
    assert response.status_code == 200
    assert "Aucune commune ne correspond à « Nullepart »" in body
    assert "Valeur inconnue : ce filtre est ignoré." in body
    assert 'value="Nullepart"' in body  # what was typed stays in the field
    assert "Conseil juridique et administratif aux élus adhérents" in body  # aide applied


def test_directory_ambiguous_commune(client):
    body = text(client.get(reverse("directory:list"), {"commune": "Saint"}))
    assert "Plusieurs communes correspondent à « Saint »" in body


def test_directory_htmx_returns_only_the_results(client):
    response = client.get(
        reverse("directory:list"), {"theme": "eau-assainissement"}, headers={"HX-Request": "true"}
    )
    body = text(response)
    assert body.lstrip().startswith('<div id="resultats"')
    assert "ATD&#x27;EAU" in body
    full = text(client.get(reverse("directory:list"), {"theme": "eau-assainissement"}))
    assert body.strip() in full


def test_directory_pagination_keeps_filters(client):
    body = text(client.get(reverse("directory:list"), {"nature": "epci", "page": "99"}))
    assert "10 structures" in body


def test_structure_page(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(15):
        response = client.get(reverse("directory:structure", args=["caue-53"]))
    body = text(response)
    assert "Conseil d&#x27;architecture, d&#x27;urbanisme et de l&#x27;environnement" in body
    assert "D&#x27;après sources publiques (2024), à confirmer par la structure" in body
    assert "https://caue53.com" in body
    assert "caue53.com/lactualite</a> — 2024" in body  # each source with its date
    assert "Département : Mayenne" not in body


def test_structure_without_contact_says_so(client):
    body = text(client.get(reverse("directory:structure", args=["mayenne-ingenierie"])))
    assert "n'a pas encore de téléphone, de courriel ni de page de contact" in body
    # never back to itself: the platform team relays
    assert "ne reçoit pas encore les demandes par Carto&#x27;Ingé" in body
    assert 'href="/demandes/nouvelle/?offre=ddt-53-conseil-aux-territoires"' in body
    assert 'id="contacts"' in body


def test_offer_page(client):
    body = text(client.get(reverse("directory:offre", args=["atd-eau-53-assistance-technique"])))
    assert "Par convention" in body
    assert "CC des Coëvrons" in body and "Laval Agglomération (plus de 110 000 habitants)" in body
    assert "Comment la solliciter" in body
    # what to have ready for a first exchange, whatever the offer says
    assert "ayez sous la main" in body and "délibération, plan, photos" in body


def test_commune_page_lists_its_epci_first_then_by_theme(client, django_assert_max_num_queries):
    get_index()  # built once a day and after each change of the directory, not per page
    with django_assert_max_num_queries(20):
        response = client.get(reverse("directory:commune", args=["53107"]))
    body = text(response)
    assert "Qui peut accompagner Gorron&nbsp;?" in body
    epci = body.index("Votre intercommunalité : CC du Bocage Mayennais")
    themes = body.index("Les offres, par thème")
    assert epci < themes
    assert body.index("Votre intercommunalité, premier relais de vos projets") < themes
    assert "Laval Agglomération" not in body


def test_commune_page_theme_filter(client):
    body = text(client.get(reverse("directory:commune", args=["53246"]), {"theme": "voirie"}))
    assert "Amendes de police" in body
    assert "pour le thème « Voirie et ouvrages d&#x27;art »" in body


def test_straddling_commune_page(client):
    body = text(client.get(reverse("directory:commune", args=["53037"])))
    assert "CC du Pays Sabolien" in body
    assert "Laval Agglomération" not in body


def test_epci_and_departement_pages(client):
    body = text(client.get(reverse("directory:epci", args=["247200090"])))
    assert "Bouessay" in body and "Sarthe" in body
    body = text(client.get(reverse("directory:departement", args=["53"])))
    assert "Les intercommunalités" in body
    assert "offres locales (une partie des communes)" in body
    body = text(client.get(reverse("directory:departement", args=["72"])))
    assert "pas encore importées" in body


def test_commune_search(client):
    response = client.get(reverse("territories:commune_search"), {"q": "Azé"})
    assert response.status_code == 302
    assert response.url == reverse("directory:commune", args=["53062"])
    body = text(client.get(reverse("territories:commune_search"), {"q": "saint-d"}))
    assert "Saint-Denis-de-Gastines" in body
    body = text(client.get(reverse("territories:commune_search"), {"q": "Atlantide"}))
    assert "Aucune commune ne correspond à « Atlantide »" in body


def test_commune_suggestions_fragment(client):
    body = text(client.get(reverse("territories:commune_suggestions"), {"q": "gorr"}))
    assert 'value="Gorron (53107)"' in body
    assert text(client.get(reverse("territories:commune_suggestions"), {"q": "g"})).strip() == ""


def test_output_is_escaped(client):
    body = text(
        client.get(reverse("territories:commune_search"), {"q": "<script>alert(1)</script>"})
    )
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;" in body


@pytest.mark.parametrize(
    "url",
    [
        "/communes/00000/",
        "/structures/nope/",
        "/offres/nope/",
        "/intercommunalites/1/",
        "/departements/00/",
        "/rien/",
    ],
)
def test_not_found_pages_are_french(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "Page introuvable" in text(response)


def test_static_pages(client):
    for name in ("core:accessibility", "core:legal", "core:api"):
        assert client.get(reverse(name)).status_code == 200


def test_admin_lists_everything(admin_client):
    for url in ("/admin/directory/structure/", "/admin/directory/offre/",
                "/admin/territories/commune/", "/admin/territories/epci/",
                "/admin/directory/structure/?q=caue", "/admin/territories/commune/?q=gorron"):  # fmt: skip
        assert admin_client.get(url).status_code == 200, url
    structure = Structure.objects.get(slug="caue-53")
    assert admin_client.get(f"/admin/directory/structure/{structure.pk}/change/").status_code == 200
    offre = structure.offres.first()
    assert admin_client.get(f"/admin/directory/offre/{offre.pk}/change/").status_code == 200
    response = admin_client.get(
        "/admin/autocomplete/",
        {"term": "gorr", "app_label": "directory", "model_name": "offre", "field_name": "communes"},
    )
    assert "Gorron" in text(response)


def test_admin_edit_of_an_offer_is_saved(admin_client):
    offre = Offre.objects.get(slug="caue-53-conseil-amont")
    data = {
        "structure": offre.structure_id, "slug": offre.slug, "title": "Nouveau titre",
        "summary": offre.summary, "themes": [t.pk for t in offre.themes.all()],
        "help_kinds": [h.pk for h in offre.help_kinds.all()],
        "phases": [p.pk for p in offre.phases.all()], "for_communes": "on",
        "scope": "departements", "departements": ["53"], "cost": "gratuit", "position": 0,
        "contacts-TOTAL_FORMS": 0, "contacts-INITIAL_FORMS": 0,
    }  # fmt: skip
    response = admin_client.post(f"/admin/directory/offre/{offre.pk}/change/", data)
    assert response.status_code == 302, text(response)[:3000]
    offre.refresh_from_db()
    assert offre.title == "Nouveau titre" and offre.cost == "gratuit"


def test_commune_page_shows_a_few_offers_per_theme_and_links_to_all(client):
    body = text(client.get(reverse("directory:commune", args=["53130"])))
    assert "Voir les " in body and "?theme=projet-de-territoire" in body
    themed = text(
        client.get(reverse("directory:commune", args=["53130"]), {"theme": "projet-de-territoire"})
    )
    assert "Toutes les offres : Projet de territoire" in themed
    assert "Voir tous les thèmes" in themed
    assert themed.count('class="offre-row"') > 5


def test_a_departement_page_lists_the_widest_local_offers_and_says_where_the_rest_are(
    client, monkeypatch
):
    from directory import territory_pages

    full = client.get(reverse("directory:departement", args=["53"]))
    partial = sorted(full.context["offer"].partial, key=lambda item: -item[1])
    assert len(partial) > 2 and full.context["partial_hidden"] == 0
    monkeypatch.setattr(territory_pages, "DEPARTEMENT_PARTIAL_SHOWN", 2)
    response = client.get(reverse("directory:departement", args=["53"]))
    assert response.context["partial_shown"] == partial[:2]
    assert f"les {len(partial) - 2} autres sont sur la page de chaque intercommunalité" in text(
        response
    )


@pytest.mark.parametrize(
    ("low", "high", "label"),
    [
        (None, None, ""),
        (None, 9999, "de moins de 10 000 habitants"),
        (5000, None, "d'au moins 5 000 habitants"),
        (500, 9999, "de 500 à 9 999 habitants"),
        (0, 1999, "de 0 à 1 999 habitants"),
    ],
)
def test_one_wording_of_an_offer_s_population_limits(low, high, label):
    from orientation.engine import conditions

    offre = Offre(population_min=low, population_max=high, for_communes=True, for_epcis=False)
    assert offre.population_label == label
    assert offre.beneficiaries_label == ("Communes " + label).strip()
    assert (f"communes {label}" in conditions(offre)) == bool(label)
