"""Copy the front-end files the app serves from node_modules into static/vendor/.

Only what the pages use is copied (the DSFR package alone weighs 136 MB), so that
collectstatic stays fast and nothing is ever loaded from a CDN.
"""

import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODULES = ROOT / "node_modules"
TARGET = ROOT / "static" / "vendor"

DSFR = "@gouvfr/dsfr/dist"
# Only the DSFR components the pages use: 63 KB gzipped instead of 91 KB for the whole CSS.
DSFR_COMPONENTS = [
    "link", "button", "form", "input", "select", "search", "header", "footer", "navigation",
    "breadcrumb", "card", "tag", "badge", "alert", "callout", "table", "pagination",
    "skiplink", "logo", "modal", "stepper", "checkbox", "radio",
]  # fmt: skip
FILES = {
    "@gouvfr/dsfr/dist/dsfr.module.min.js": "dsfr/dsfr.module.min.js",
    "@gouvfr/dsfr/dist/dsfr.nomodule.min.js": "dsfr/dsfr.nomodule.min.js",
    "htmx.org/dist/htmx.min.js": "htmx/htmx.min.js",
    "leaflet/dist/leaflet.js": "leaflet/leaflet.js",
    "leaflet/dist/leaflet.css": "leaflet/leaflet.css",
}
FOLDERS = {
    "@gouvfr/dsfr/dist/fonts": "dsfr/fonts",
    "@gouvfr/dsfr/dist/icons": "dsfr/icons",
    "@gouvfr/dsfr/dist/favicon": "dsfr/favicon",
    "@gouvfr/dsfr/dist/artwork": "dsfr/artwork",
    "leaflet/dist/images": "leaflet/images",
}


def icon_rules() -> str:
    """The rules of the DSFR icons the templates use (fr-icon-…), and only those: the whole
    icon utility weighs hundreds of KB."""
    used = set(
        re.findall(
            r"fr-icon-[a-z0-9-]+",
            "".join(
                path.read_text(encoding="utf-8") for path in (ROOT / "templates").rglob("*.html")
            ),
        )
    )
    rules = []
    for path in sorted((MODULES / DSFR / "utility" / "icons").glob("*/*.main.min.css")):
        for rule in re.findall(r"[^{}]+\{[^{}]*\}", path.read_text(encoding="utf-8")):
            if any(f".{name}:" in rule for name in used):
                rules.append(rule)
    return "\n".join(rules).replace("url(../../../icons/", "url(icons/")


SOURCE_MAP = re.compile(r"\n?(?://# sourceMappingURL=[^\n]*|/\*# sourceMappingURL=[^*]*\*/)\s*$")


def without_source_map(path: Path) -> None:
    """Drop the trailing `sourceMappingURL` comment: the maps are not copied (they weigh more
    than the code), and `collectstatic`'s manifest refuses a reference to a missing file."""
    text = path.read_text(encoding="utf-8")
    stripped = SOURCE_MAP.sub("\n", text)
    if stripped != text:
        path.write_text(stripped, encoding="utf-8")


def write_dsfr_bundle(target: Path) -> None:
    """DSFR core + the components and icons we use, in one file next to fonts/ and icons/."""
    parts = [MODULES / DSFR / "core" / "core.min.css"]
    parts += [MODULES / DSFR / "component" / n / f"{n}.min.css" for n in DSFR_COMPONENTS]
    css = "\n".join(part.read_text(encoding="utf-8") for part in parts) + "\n" + icon_rules()
    css = css.replace("url(../../icons/", "url(icons/").replace("url(../icons/", "url(icons/")
    css = css.replace("url(../fonts/", "url(fonts/")
    target.write_text(css, encoding="utf-8")


def main() -> int:
    missing = [src for src in [*FILES, *FOLDERS, DSFR] if not (MODULES / src).exists()]
    if missing:
        print("Fichiers front-end manquants (lancez npm ci) : " + ", ".join(missing))
        return 1
    if TARGET.exists():
        shutil.rmtree(TARGET)
    for src, dst in FOLDERS.items():
        shutil.copytree(MODULES / src, TARGET / dst, ignore=shutil.ignore_patterns("*.map"))
    for src, dst in FILES.items():
        (TARGET / dst).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(MODULES / src, TARGET / dst)
        without_source_map(TARGET / dst)
    write_dsfr_bundle(TARGET / "dsfr" / "dsfr.bundle.min.css")
    print(f"Ressources front-end copiées dans {TARGET.relative_to(ROOT)}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
