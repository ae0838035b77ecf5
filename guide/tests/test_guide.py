"""The printable guide (issue 18 §3): a tagged PDF of the Mayenne naming every structure, its
offers' conditions and contacts, a link to each fiche; cached, rebuilt when the directory
changes; an intercommunality's guide keeps to what reaches its communes."""

import io
import re

import pypdf
import pytest
from django.core.management import call_command

from conftest import require
from directory.models import Structure
from guide import render, store
from territories.models import EPCI, Departement

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _pango():
    require(render.available(), "Pango (libpango-1.0-0), pour WeasyPrint")


def text_of(reader: pypdf.PdfReader) -> str:
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def links_of(reader: pypdf.PdfReader) -> set[str]:
    return {
        annotation.get_object()["/A"]["/URI"]
        for page in reader.pages
        for annotation in page.get("/Annots", [])
        if "/URI" in annotation.get_object().get("/A", {})
    }


def fetch(client, path) -> pypdf.PdfReader:
    response = client.get(path)
    assert response.status_code == 200, path
    assert response["Content-Type"] == "application/pdf"
    return pypdf.PdfReader(io.BytesIO(b"".join(response.streaming_content)))


@pytest.fixture(autouse=True)
def _own_folder(settings, tmp_path):
    settings.OPENDATA_ROOT = tmp_path  # the guides built by one test are not another's


def build(kind="departement", code="53"):
    """What build_guides does for one guide (all eleven of the Mayenne take a minute)."""
    territory = (
        Departement.objects.get(code=code)
        if kind == "departement"
        else (EPCI.objects.get(code=code))
    )
    with store.build_lock():
        store.build(kind, territory)
    store.prune()


def test_the_mayenne_guide_is_a_tagged_pdf_naming_every_structure(client, settings):
    build()
    reader = fetch(client, "/guide/53.pdf")

    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    assert root["/Lang"] == "fr"
    assert reader.metadata.title == "Guide de l'ingénierie territoriale — Mayenne (53)"
    text = text_of(reader)
    assert "Édition du" in text and "Par thème" in text and "Votre intercommunalité" in text
    structures = Structure.objects.all()
    missing = [s.name for s in structures if re.sub(r"\s+", " ", s.name) not in text]
    assert not missing
    links = links_of(reader)
    site = settings.SITE_URL.rstrip("/")
    assert {site + s.get_absolute_url() for s in structures} <= links
    # Conditions and institutional contacts, as the fiches give them.
    ddt = Structure.objects.get(slug="ddt-53")
    assert "Gratuit — Service de l'État" in text and ddt.website in links
    assert "Petites villes de demain" in text  # the programme and its communes


def test_a_request_never_builds_a_guide(client, capsys):
    """Issue 26 §2: not built yet, a French 503 with a retry time; built, the file; after a
    change, the previous guide until build_guides has built the new one."""
    url = "/guide/intercommunalites/200083392.pdf"  # Laval Agglomération
    missing = client.get(url)
    assert missing.status_code == 503 and missing["Retry-After"] == "600"
    assert "en préparation" in missing.content.decode()
    build("epci", "200083392")
    first = client.get(url)
    body = b"".join(first.streaming_content)
    assert first["Last-Modified"]
    again = b"".join(client.get(url).streaming_content)
    assert again == body  # read from disk, not built again (its date would differ)

    caue = Structure.objects.get(slug="caue-53")
    caue.name = "CAUE de la Mayenne (nouveau nom)"
    caue.save()
    stale = b"".join(client.get(url).streaming_content)
    assert stale == body  # the last guide built, with its own date inside
    build("epci", "200083392")
    reader = fetch(client, url)
    text = text_of(reader)
    assert "CAUE de la Mayenne (nouveau nom)" in text
    assert "Laval Agglomération" in text
    # Another intercommunality's own offers do not reach Laval's communes.
    assert "Communauté de communes de l'Ernée" not in text


def test_unknown_territories_are_not_found(client):
    assert client.get("/guide/75.pdf").status_code == 404  # not served here
    assert client.get("/guide/intercommunalites/000000000.pdf").status_code == 404


def test_build_guides_builds_what_is_missing_one_build_at_a_time(capsys):
    mayenne = Departement.objects.get(code="53")
    with store.build_lock():
        call_command("build_guides", departements=["53"], sans_epci=True)
    assert "une construction est déjà en cours" in capsys.readouterr().out
    assert store.latest("departement", mayenne) is None
    call_command("build_guides", departements=["53"], sans_epci=True)
    assert "Guide 1/1, Mayenne" in capsys.readouterr().out
    call_command("build_guides", departements=["53"], sans_epci=True)
    assert "Guides imprimables déjà à jour : 1." in capsys.readouterr().out
