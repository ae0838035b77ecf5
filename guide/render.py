"""The guide as a tagged PDF (PDF/UA-1), by WeasyPrint, from `templates/guide/guide.html` and
`static/css/guide.css`. Nothing is fetched from the network: the fonts and the stylesheet are
read from the app's own static files, the QR codes are inline.

WeasyPrint needs the system's Pango (`libpango-1.0-0`, `libpangoft2-1.0-0` on Debian): it is
imported when a guide is built, so that the rest of the site runs without it."""

from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

from .content import Guide


class Unavailable(Exception):
    """This server cannot build PDFs (Pango is missing)."""


def _weasyprint():
    try:
        import weasyprint
        from weasyprint.urls import URLFetcher
    except OSError as error:  # the library loads Pango when imported
        raise Unavailable(str(error)) from error
    return weasyprint, URLFetcher


def available() -> bool:
    try:
        _weasyprint()
    except Unavailable:
        return False
    return True


def _static(path: str) -> Path | None:
    found = finders.find(path)
    return Path(found) if found else None


FONTS = {
    400: "vendor/dsfr/fonts/Marianne-Regular.woff2",
    700: "vendor/dsfr/fonts/Marianne-Bold.woff2",
}


def stylesheet_text() -> str:
    faces = []
    for weight, font in FONTS.items():
        path = _static(font)
        if path:
            faces.append(
                f'@font-face {{ font-family: "Marianne"; font-weight: {weight}; '
                f'src: url("{path.as_uri()}"); }}'
            )
    return "\n".join(faces) + "\n" + _static("css/guide.css").read_text(encoding="utf-8")


def pdf(guide: Guide) -> bytes:
    weasyprint, URLFetcher = _weasyprint()
    # Only inline data and the app's own files: a guide never calls the network.
    local_only = URLFetcher(allowed_protocols={"data", "file"}, allow_redirects=False)
    html = render_to_string("guide/guide.html", {"guide": guide, "site_name": settings.SITE_NAME})
    document = weasyprint.HTML(string=html, url_fetcher=local_only)
    stylesheet = weasyprint.CSS(string=stylesheet_text(), url_fetcher=local_only)
    return document.write_pdf(stylesheets=[stylesheet], pdf_variant="pdf/ua-1")
