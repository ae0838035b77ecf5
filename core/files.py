"""Files people upload: the kinds accepted, the size, and how a stored file goes back to whom
may read it. Files are kept under `MEDIA_ROOT`, which no URL serves: a view that checks who
asks hands each one out (`download_response`)."""

import logging
import re
import zipfile

from django.conf import settings
from django.http import FileResponse, Http404

log = logging.getLogger(__name__)

# extension: (content type, the bytes every such file begins with)
_ZIP = b"PK\x03\x04"  # OpenDocument and Office Open XML files are zip archives
ACCEPTED = {
    "pdf": ("application/pdf", b"%PDF-"),
    "png": ("image/png", b"\x89PNG\r\n\x1a\n"),
    "jpg": ("image/jpeg", b"\xff\xd8\xff"),
    "jpeg": ("image/jpeg", b"\xff\xd8\xff"),
    "odt": ("application/vnd.oasis.opendocument.text", _ZIP),
    "ods": ("application/vnd.oasis.opendocument.spreadsheet", _ZIP),
    "odp": ("application/vnd.oasis.opendocument.presentation", _ZIP),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", _ZIP),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", _ZIP),
    "pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", _ZIP),
}
ACCEPTED_SAID = "PDF, image (PNG, JPEG), texte, tableur ou présentation (OpenDocument ou Office)"


def size_label(size: int) -> str:
    """A size as a person reads it: « 2,5 Mo », « 50 Ko »."""
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} Ko"
    megabytes = f"{size / (1024 * 1024):.1f}".removesuffix(".0")
    return megabytes.replace(".", ",") + " Mo"


def extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def upload_problem(upload) -> str:
    """What is wrong with an uploaded file, in French, or "" when it may be kept: its size,
    its extension, and its first bytes, which must be those of the kind its name says."""
    if upload.size > settings.UPLOAD_MAX_SIZE:
        return (
            f"Ce fichier pèse {size_label(upload.size)} : la limite est de "
            f"{size_label(settings.UPLOAD_MAX_SIZE)}."
        )
    if upload.size == 0:
        return "Ce fichier est vide."
    kind = ACCEPTED.get(extension(upload.name))
    if kind is None:
        return f"Ce type de fichier n'est pas accepté. Formats acceptés : {ACCEPTED_SAID}."
    upload.seek(0)
    start = upload.read(len(kind[1]))
    upload.seek(0)
    if start != kind[1] or (kind[1] == _ZIP and not _office_document(upload, kind[0])):
        return (
            "Le contenu de ce fichier ne correspond pas à son extension "
            f"(.{extension(upload.name)}) : enregistrez-le à nouveau depuis votre "
            "logiciel, puis réessayez."
        )
    return ""


MACROS = ("basic/", "scripts/", "vbaproject")  # OpenDocument's and Office's macro parts
SMALL_ENTRY = 64 * 1024  # `mimetype` and `[Content_Types].xml` are a few bytes, a few Ko


def _office_document(upload, content_type: str) -> bool:
    """A real OpenDocument (its `mimetype` entry says its type) or Office Open XML file (it
    has `[Content_Types].xml`), without macros; not any zip renamed. Only small entries are
    read, and never more than they claim (a « zip bomb » is refused, not unpacked)."""
    try:
        with zipfile.ZipFile(upload) as archive:
            if any(name.lower().startswith(MACROS) or "vbaproject" in name.lower()
                   for name in archive.namelist()):  # fmt: skip
                return False
            if content_type.startswith("application/vnd.oasis.opendocument"):
                return _small_entry(archive, "mimetype").strip() == content_type.encode()
            types = _small_entry(archive, "[Content_Types].xml")
            return bool(types) and b"vbaProject" not in types and b"macroEnabled" not in types
    except Exception:  # noqa: BLE001 - whatever a damaged archive raises, it is refused
        return False
    finally:
        upload.seek(0)


def _small_entry(archive: zipfile.ZipFile, name: str) -> bytes:
    info = archive.getinfo(name)
    if info.file_size > SMALL_ENTRY:
        return b""
    with archive.open(info) as entry:
        return entry.read(SMALL_ENTRY)


def upload_allowed(path: str) -> bool:
    """Whether a form posted to `path` may carry a file (`UPLOAD_PATHS`): every other form
    post keeps the ordinary size limit."""
    return any(re.fullmatch(pattern, path) for pattern in settings.UPLOAD_PATHS)


def content_type(name: str) -> str:
    return ACCEPTED.get(extension(name), ("application/octet-stream",))[0]


def download_response(stored, filename: str) -> FileResponse:
    """A stored file, always as an attachment (never shown inside our pages), never cached
    by a shared cache; a file gone from the disk is a 404, and said in the log."""
    try:
        handle = stored.open("rb")
    except FileNotFoundError:
        log.error("Fichier absent du stockage : %s", stored.name)
        raise Http404("Ce fichier n'est plus disponible.") from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=filename,
        content_type=content_type(filename),
    )
    response["Cache-Control"] = "private, no-store"
    return response
