"""A project's documents: a file checked (kind, content, size) and kept private, handed out
only to whom sees the project; a link; removed with its file."""

import io
import zipfile
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse

from accounts.factories import UserFactory, member_of
from directory.models import Structure
from projects.factories import ProjectFactory, commune_agent
from projects.models import Document

pytestmark = pytest.mark.django_db

COMMUNE = "53199"
PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


@pytest.fixture
def team(client):
    secretary = commune_agent(COMMUNE)
    project = ProjectFactory(communes=[COMMUNE], members=[secretary])
    client.force_login(secretary)
    return project, secretary


def _post(client, project, **fields):
    data = {f"document-{name}": value for name, value in fields.items()}
    return client.post(reverse("projects:act", args=[project.public_id, "document"]), data)


def test_a_pdf_is_kept_privately_and_handed_out_to_the_team_only(client, team, settings):
    project, _ = team
    response = _post(client, project, file=SimpleUploadedFile("Devis toiture.pdf", PDF))
    assert response.status_code == 302
    document = project.documents.get()
    assert (document.title, document.filename, document.size) == (
        "Devis toiture",
        "Devis toiture.pdf",
        len(PDF),
    )
    stored = Path(document.file.path)
    assert stored.read_bytes() == PDF and str(stored).startswith(str(settings.MEDIA_ROOT))
    assert "Devis toiture" not in stored.name  # stored under a name nobody can guess

    url = reverse("projects:document", args=[project.public_id, document.pk])
    page = client.get(project.get_absolute_url()).content.decode()
    assert url in page and "fichier Devis toiture.pdf, 1 Ko" in page
    download = client.get(url)
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["Cache-Control"] == "private, no-store"

    client.force_login(commune_agent("53130"))  # another commune
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302  # to sign in


@pytest.mark.parametrize(
    ("name", "content", "said"),
    [
        ("programme.exe", b"MZ\x90\x00", "Ce type de fichier n&#x27;est pas accepté"),
        ("devis.pdf", b"<html><script>alert(1)</script>", "ne correspond pas à son extension"),
        ("vide.pdf", b"", "Ce fichier est vide"),
    ],
)
def test_a_file_of_the_wrong_kind_is_refused_in_french(client, team, name, content, said):
    project, _ = team
    response = _post(client, project, file=SimpleUploadedFile(name, content), title="Devis")
    html = response.content.decode()
    assert response.status_code == 400 and said in html
    assert "Choisissez à nouveau le fichier" in html and 'value="Devis"' in html
    assert not project.documents.exists()


def test_a_file_over_the_limit_is_refused_with_the_limit_said(client, team, settings):
    project, _ = team
    settings.UPLOAD_MAX_SIZE = 1024
    response = _post(client, project, file=SimpleUploadedFile("plan.pdf", PDF + b"0" * 2000))
    assert response.status_code == 400
    assert "Ce fichier pèse 2 Ko : la limite est de 1 Ko." in response.content.decode()


def test_a_post_far_over_the_limit_gets_the_french_413(client, team, settings):
    project, _ = team
    settings.UPLOAD_MAX_SIZE = 1024
    response = _post(client, project, file=SimpleUploadedFile("plan.pdf", PDF + b"0" * 5_000_000))
    html = response.content.decode()
    assert response.status_code == 413 and "choisissez un fichier plus léger" in html


def test_a_file_or_a_link_not_both_nor_neither(client, team):
    project, _ = team
    both = _post(client, project, file=SimpleUploadedFile("a.pdf", PDF), url="https://a.fr/b")
    assert "pas les deux" in both.content.decode()
    neither = _post(client, project, title="Étude")
    assert "Choisissez un fichier ou indiquez l&#x27;adresse du document." in (
        neither.content.decode()
    )
    link_without_title = _post(client, project, url="https://a.fr/b")
    assert "Donnez un intitulé au document." in link_without_title.content.decode()
    assert not project.documents.exists()


def test_an_adviser_adds_a_document_and_removes_only_their_own(
    client, team, django_capture_on_commit_callbacks
):
    project, secretary = team
    caue = Structure.objects.get(slug="caue-53")
    project.followers.create(structure=caue)
    _post(client, project, url="https://mairie.example/plan", title="Plan de la commune")
    client.force_login(member_of(caue))
    assert (
        _post(client, project, file=SimpleUploadedFile("esquisse.png", b"\x89PNG\r\n\x1a\nxx"))[
            "Location"
        ]
        == project.get_absolute_url()
    )
    mine, theirs = (
        project.documents.get(filename="esquisse.png"),
        project.documents.get(url="https://mairie.example/plan"),
    )
    remove = reverse("projects:act", args=[project.public_id, "retirer-document"])
    assert client.post(remove, {"document": theirs.pk}).status_code == 404
    path = Path(mine.file.path)
    assert path.exists()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(remove, {"document": mine.pk}).status_code == 302
    assert not path.exists() and not Document.objects.filter(pk=mine.pk).exists()
    assert project.activities.filter(text="Document retiré : esquisse").exists()


def test_deleting_a_project_deletes_its_files_once_committed(
    team, django_capture_on_commit_callbacks
):
    project, _ = team
    document = project.documents.create(
        title="Devis", file=SimpleUploadedFile("devis.pdf", PDF), filename="devis.pdf", size=1
    )
    path = Path(document.file.path)
    with pytest.raises(RuntimeError), transaction.atomic():  # a purge that fails midway
        project.delete()
        raise RuntimeError
    assert path.exists() and Document.objects.filter(pk=document.pk).exists()  # kept
    with django_capture_on_commit_callbacks(execute=True):
        type(project).objects.get(public_id=project.public_id).delete()
    assert not path.exists()


def test_a_file_gone_from_the_disk_is_a_404_not_an_error(client, team):
    project, _ = team
    _post(client, project, file=SimpleUploadedFile("devis.pdf", PDF))
    document = project.documents.get()
    Path(document.file.path).unlink()
    url = reverse("projects:document", args=[project.public_id, document.pk])
    assert client.get(url).status_code == 404


def test_an_account_nobody_confirmed_may_add_a_link_not_a_file(client):
    stranger = UserFactory()
    project = ProjectFactory(communes=[COMMUNE], members=[stranger])
    client.force_login(stranger)
    page = client.get(project.get_absolute_url()).content.decode()
    assert "vous pourrez déposer des fichiers dès la confirmation" in page  # said before
    assert 'type="file"' not in page
    refused = _post(client, project, file=SimpleUploadedFile("devis.pdf", PDF))
    assert refused.status_code == 400
    assert "vous pourrez déposer des fichiers dès la confirmation" in refused.content.decode()
    assert not project.documents.exists()
    assert _post(client, project, url="https://exemple.fr/plan", title="Plan").status_code == 302


def test_a_project_s_files_stay_within_their_quota(client, team, settings):
    project, _ = team
    settings.PROJECT_FILES_MAX_TOTAL = len(PDF) + 10
    assert _post(client, project, file=SimpleUploadedFile("a.pdf", PDF)).status_code == 302
    refused = _post(client, project, file=SimpleUploadedFile("b.pdf", PDF))
    assert refused.status_code == 400 and "retirez un fichier devenu inutile" in (
        refused.content.decode()
    )


def _zip(entries: dict) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "entries", "kept"),
    [
        ("note.docx", {"[Content_Types].xml": "<Types/>", "word/document.xml": "<w/>"}, True),
        ("note.docx", {"programme.exe": "MZ"}, False),  # any zip renamed
        ("note.docx", {"[Content_Types].xml": "<Types/>", "word/vbaProject.bin": "x"}, False),
        ("note.odt", {"mimetype": "application/vnd.oasis.opendocument.text"}, True),
        ("note.odt", {"mimetype": "application/zip"}, False),
        (
            "note.odt",
            {
                "mimetype": "application/vnd.oasis.opendocument.text",
                "Basic/Standard/Module1.xml": "macro",
            },
            False,
        ),
        (
            "note.odt",
            {"mimetype": "application/vnd.oasis.opendocument.text" + " " * 70_000},
            False,
        ),  # an entry far larger than a type: not unpacked  # fmt: skip
        ("note.xlsx", {"[Content_Types].xml": "<Types>macroEnabled</Types>"}, False),
    ],
)
def test_office_files_are_opened_to_check_what_they_are(client, team, name, entries, kept):
    project, _ = team
    response = _post(client, project, file=SimpleUploadedFile(name, _zip(entries)))
    assert (response.status_code == 302) is kept
    assert project.documents.exists() is kept


def test_a_file_named_only_by_its_extension_keeps_a_title(client, team):
    project, _ = team
    _post(client, project, file=SimpleUploadedFile(".pdf", PDF))
    assert project.documents.get().title == ".pdf"


def test_the_document_form_takes_a_file_larger_than_an_ordinary_post(client, team, settings):
    project, _ = team
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1_000
    upload = SimpleUploadedFile("plan.pdf", PDF + b"0" * 5_000)
    assert _post(client, project, file=upload).status_code == 302
    assert project.documents.get().size == len(PDF) + 5_000


def test_only_the_document_form_takes_a_large_post(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1_000
    response = client.post(
        reverse("accounts:login"), {"file": SimpleUploadedFile("a.pdf", PDF + b"0" * 5_000)}
    )
    assert response.status_code == 413
    assert "par envoi" in response.content.decode()
