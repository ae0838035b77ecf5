"""Import survey results, in two forms, strictly: every problem is listed by line and column
and nothing is written while one remains. No value is ever « fixed » silently.

(a) Aggregated tables, as in the 2023 Mayenne report: one row per item (a structure, or a
    theme), then the share of respondents (%) for each segment:

        structure,panel_general,communes_1000_hab_et_moins,maires
        CAUE,93,96,99

(b) Raw answers, one row per respondent, as a form tool exports them: the profile, the
    commune's INSEE code, then one column per structure known and one per theme in need,
    answered oui/non (an empty cell: no answer):

        profil,commune,connait:CAUE,connait:cerema,besoin:Voirie,besoin:eau-assainissement
        maire,53107,oui,non,oui,

Item headers are matched to the directory's structures and themes by slug, name, acronym or
the theme's wording in the survey; those matching nothing are reported, and kept under their
own label.
"""

import csv
import io
import tomllib
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.db import transaction

from core.errors import ProblemsError
from core.text import normalize
from directory.models import Structure, Theme
from territories.models import Commune, Departement

from .models import (
    FIRST_SURVEY_YEAR,
    LAST_SURVEY_YEAR,
    Dimension,
    Segment,
    Survey,
    SurveyAnswer,
    SurveyFigure,
)

SEGMENT_COLUMNS = {
    "panel_general": Segment.PANEL,
    "communes_1000_hab_et_moins": Segment.SMALL,
    "maires": Segment.MAYORS,
}
ITEM_COLUMNS = {"structure": Dimension.KNOWLEDGE, "thematique": Dimension.NEED, "item": None}
SMALL_COMMUNE = 1000  # inhabitants, as in the 2023 report
PROFILES = {
    "maire": "maire",
    "adjoint": "adjoint", "adjointe": "adjoint", "adjoint au maire": "adjoint",
    "conseiller": "conseiller", "conseillere": "conseiller",
    "conseiller municipal": "conseiller", "conseillere municipale": "conseiller",
    "secretaire": "secretaire", "secretaire de mairie": "secretaire",
    "agent epci": "agent-epci", "agent d epci": "agent-epci", "agent intercommunal": "agent-epci",
    "autre": "autre",
}  # fmt: skip
YES = {"oui", "o", "1", "vrai", "x", "yes", "true"}
NO = {"non", "n", "0", "faux", "no", "false"}
KNOWS_PREFIXES = ("connait", "connaissance")
NEEDS_PREFIXES = ("besoin", "besoins")


class SurveyImportError(ProblemsError):
    """A survey file is refused: nothing was imported."""


@dataclass
class ImportSummary:
    survey: Survey | None = None
    figures: int = 0
    answers: int = 0
    unmatched: list[str] = field(default_factory=list)  # item labels matching nothing
    warnings: list[str] = field(default_factory=list)  # possible but suspicious values


# Reading


def read_table(path) -> tuple[list[str], list[list[str]]]:
    """A CSV file, comma or semicolon separated, UTF-8 or Windows-1252."""
    path = Path(path)
    if not path.is_file():
        raise SurveyImportError([f"{path} : fichier introuvable."])
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252")
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    rows = [row for row in csv.reader(io.StringIO(text), delimiter=delimiter) if any(row)]
    if not rows:
        raise SurveyImportError([f"{path.name} : le fichier est vide."])
    return [cell.strip() for cell in rows[0]], rows[1:]


class Matcher:
    """Survey labels → structures and themes of the directory."""

    def __init__(self):
        self._matched: dict[tuple[str, str], tuple] = {}
        self.structures: dict[str, Structure] = {}
        for structure in Structure.objects.all():
            keys = (
                structure.survey_label,
                structure.slug,
                structure.name,
                structure.acronym,
                structure.display_name,
            )
            for key in keys:
                if key:
                    self.structures.setdefault(normalize(key), structure)
        self.themes: dict[str, Theme] = {}
        for theme in Theme.objects.all():
            for key in (theme.slug, theme.name, theme.survey_label):
                if key:
                    self.themes.setdefault(normalize(key), theme)

    def structure(self, label: str) -> Structure | None:
        key = normalize(label)
        if key in self.structures:
            return self.structures[key]
        # « Direction départementale des territoires » names « … de la Mayenne »
        starting = {s.pk: s for k, s in self.structures.items() if k.startswith(key + " ")}
        return next(iter(starting.values())) if len(starting) == 1 else None

    def theme(self, label: str) -> Theme | None:
        return self.themes.get(normalize(label))

    def figure(self, survey, dimension, label, segment, percentage, respondents=None, **more):
        """A figure tied to its structure (knowledge) or theme (need), when one matches."""
        if (label, dimension) not in self._matched:
            self._matched[(label, dimension)] = (
                self.structure(label) if dimension == Dimension.KNOWLEDGE else None,
                self.theme(label) if dimension == Dimension.NEED else None,
            )
        structure, theme = self._matched[(label, dimension)]
        return SurveyFigure(
            survey=survey,
            dimension=dimension,
            label=label,
            structure=structure,
            theme=theme,
            segment=segment,
            percentage=percentage,
            respondents=respondents,
            **more,
        )


def _survey(departement: str, year: int, title: str, source: str) -> Survey:
    survey, _ = Survey.objects.get_or_create(
        departement_id=departement,
        year=year,
        defaults={"title": title or f"Enquête {year}", "source": source},
    )
    if title or source:
        survey.title = title or survey.title
        survey.source = source or survey.source
        survey.save()
    return survey


def _check_survey_args(departement: str, year: int) -> list[str]:
    problems = []
    if not Departement.objects.filter(code=departement).exists():
        problems.append(f"Département « {departement} » absent du référentiel importé.")
    if not FIRST_SURVEY_YEAR <= year <= LAST_SURVEY_YEAR:
        problems.append(f"Année « {year} » invalide.")
    return problems


def _percentage(value: str) -> Decimal | None:
    cleaned = value.strip().replace("%", "").replace(",", ".").replace("\u202f", "").strip()
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


# (a) Aggregated tables


def import_aggregated(
    source,
    departement: str,
    year: int,
    dimension: str = "",
    title: str = "",
    source_text="",
    illegible: dict[tuple[str, str], str] | None = None,
) -> ImportSummary:
    """One table of the report. `illegible` names the cells the source gives but that cannot
    be read as a share, (row label, column) → note: they are kept with no value and the note,
    never replaced by a guess. Any other impossible value refuses the whole table."""
    headers, rows = read_table(source)
    normalized = [normalize(h).replace(" ", "_") for h in headers]
    dimension, problems = _aggregated_headers(headers, normalized, dimension)
    problems = _check_survey_args(departement, year) + problems
    if problems:
        raise SurveyImportError(problems)
    values, problems = _aggregated_values(headers, normalized, rows, illegible or {})
    if problems:
        raise SurveyImportError(problems)
    matcher = Matcher()
    summary = ImportSummary()
    with transaction.atomic():
        survey = _survey(departement, year, title, source_text)
        survey.figures.filter(dimension=dimension).delete()
        figures = [matcher.figure(survey, dimension, **value) for value in values]
        SurveyFigure.objects.bulk_create(figures)
        summary.warnings = refresh_warnings(survey)
    summary.survey = survey
    summary.figures = len(figures)
    summary.unmatched = sorted({f.label for f in figures if not (f.structure or f.theme)})
    return summary


def _raw_headers(headers, normalized) -> tuple[dict[int, tuple[str, str]], list[str]]:
    """The answer columns (index → (dimension, label)) and what is wrong with the header."""
    problems = []
    for required in ("profil", "commune"):
        if required not in normalized:
            problems.append(f"ligne 1 : colonne manquante « {required} ».")
    items: dict[int, tuple[str, str]] = {}
    for index, header in enumerate(headers):
        if normalized[index] in ("profil", "commune"):
            continue
        item = _item_column(header)
        if item is None:
            problems.append(
                f"ligne 1, colonne {index + 1} : « {header} » n'est ni « connait:<structure> » "
                "ni « besoin:<thème> »."
            )
        else:
            items[index] = item
    if not items:
        problems.append("ligne 1 : aucune colonne « connait:… » ni « besoin:… ».")
    return items, problems


def _raw_answers(headers, normalized, rows, items, communes) -> tuple[list[tuple], list[str]]:
    """Each respondent as (profile, commune, knows, needs), or what is wrong with the line."""
    profile_at, commune_at = normalized.index("profil"), normalized.index("commune")
    problems: list[str] = []
    answers = []
    answers_of: dict[str, bool | str | None] = {}
    profiles_of: dict[str, str | None] = {}
    for line, row in enumerate(rows, start=2):
        if len(row) != len(headers):
            problems.append(f"ligne {line} : {len(row)} cellules au lieu de {len(headers)}.")
            continue
        if row[profile_at] not in profiles_of:
            profiles_of[row[profile_at]] = PROFILES.get(normalize(row[profile_at]))
        profile = profiles_of[row[profile_at]]
        if profile is None:
            problems.append(
                f"ligne {line}, colonne « {headers[profile_at]} » : profil « {row[profile_at]} » "
                "inconnu (maire, adjoint, conseiller, secrétaire de mairie, agent d'EPCI, autre)."
            )
        code = row[commune_at].strip()
        if code not in communes:
            problems.append(
                f"ligne {line}, colonne « {headers[commune_at]} » : code commune « {code} » "
                "absent du référentiel."
            )
        knows, needs = {}, {}
        for index, (dimension, label) in items.items():
            cell = row[index]
            if cell not in answers_of:  # a few distinct spellings: normalised once each
                value = normalize(cell)
                answers_of[cell] = (
                    None if not value else (value in YES if value in YES | NO else "?")
                )
            answer = answers_of[cell]
            if answer is None:
                continue
            if answer == "?":
                problems.append(
                    f"ligne {line}, colonne « {headers[index]} » : « {cell} » au lieu de "
                    "oui ou non (case vide : sans réponse)."
                )
                continue
            (knows if dimension == Dimension.KNOWLEDGE else needs)[label] = answer
        answers.append((profile, code, knows, needs))
    return answers, problems


def _aggregated_headers(headers, normalized, dimension: str) -> tuple[str, list[str]]:
    """The table's dimension (given, or read from its first column) and what is wrong with
    its header line."""
    problems = []
    item_column = normalized[0] if normalized else ""
    if item_column not in ITEM_COLUMNS:
        problems.append(
            f"ligne 1, colonne 1 : « {headers[0] if headers else ''} » au lieu de « structure » "
            "ou « thematique » (l'intitulé des lignes)."
        )
    dimension = dimension or (ITEM_COLUMNS.get(item_column) or "")
    if dimension not in Dimension.values:
        problems.append(
            "Précisez ce que mesure le tableau : connaissance (des structures) ou besoin "
            "(par thème)."
        )
    for column in SEGMENT_COLUMNS:
        if column not in normalized:
            problems.append(f"ligne 1 : colonne manquante « {column} ».")
    for header, column in zip(headers[1:], normalized[1:], strict=True):
        if column not in SEGMENT_COLUMNS:
            problems.append(f"ligne 1 : colonne inconnue « {header} ».")
    return dimension, problems


def _aggregated_values(headers, normalized, rows, illegible: dict) -> tuple[list[dict], list]:
    """Each cell as a figure to save, or what is wrong with it: an illegible cell declared
    is kept without a value, with its note; an impossible one refuses the table."""
    illegible = {
        (normalize(label), column): (label, note) for (label, column), note in illegible.items()
    }
    values: list[dict] = []
    problems: list[str] = []
    seen: dict[str, int] = {}
    for line, row in enumerate(rows, start=2):
        if len(row) != len(headers):
            problems.append(f"ligne {line} : {len(row)} cellules au lieu de {len(headers)}.")
            continue
        label = row[0].strip()
        if not label:
            problems.append(f"ligne {line}, colonne « {headers[0]} » : intitulé vide.")
        elif normalize(label) in seen:
            problems.append(
                f"ligne {line}, colonne « {headers[0]} » : « {label} » déjà à la ligne "
                f"{seen[normalize(label)]}."
            )
        seen.setdefault(normalize(label), line)
        for header, column, cell in zip(headers[1:], normalized[1:], row[1:], strict=True):
            figure = {
                "label": label,
                "segment": SEGMENT_COLUMNS[column],
                "position": line - 1,
                "source_value": cell.strip()[:20],
            }
            declared = illegible.pop((normalize(label), column), None)
            if declared is not None:
                values.append({**figure, "percentage": None, "note": declared[1][:300]})
                continue
            number = _percentage(cell)
            if number is None:
                problems.append(
                    f"ligne {line}, colonne « {header} » : « {cell} » n'est pas un nombre."
                )
            elif not 0 <= number <= 100:
                problems.append(
                    f"ligne {line}, colonne « {header} » : {cell} n'est pas un pourcentage "
                    "possible (entre 0 et 100). Corrigez la valeur d'après le document source, "
                    "ou déclarez-la illisible ; elle n'est jamais corrigée automatiquement."
                )
            else:
                values.append({**figure, "percentage": number})
    for (_, column), (label, _) in illegible.items():
        problems.append(f"cellule déclarée illisible introuvable : « {label} », « {column} ».")
    return values, problems


COPY_GAP = 20  # points between a row's segment and its panel figure that look like a slip
SUB_SEGMENTS = (Segment.SMALL, Segment.MAYORS)


def refresh_warnings(survey: Survey) -> list[str]:
    """Store on each figure what looks like a typing slip of the source, never changing it:
    - a value breaking an otherwise descending column (the report's tables are sorted);
    - two rows whose two segment figures are the same while, in one of them, they stand far
      from the row's own panel figure (a line copied from another).
    Returns the warnings, one line each."""
    figures = list(survey.figures.all())
    found: dict[int, list[str]] = defaultdict(list)
    columns = defaultdict(list)
    for figure in figures:
        if figure.percentage is not None:
            columns[(figure.dimension, figure.segment)].append(figure)
    for column in columns.values():
        column.sort(key=lambda f: f.position)
        rises = [
            i for i in range(1, len(column)) if column[i].percentage > column[i - 1].percentage
        ]
        if len(column) >= 10 and 0 < len(rises) <= 2:
            for i in rises:
                found[column[i].pk].append(
                    f"{column[i].shown} rompt l'ordre décroissant de la colonne (ligne "
                    f"précédente : {column[i - 1].shown}) ; à vérifier dans le document source"
                )
    rows = defaultdict(dict)
    for figure in figures:
        rows[(figure.dimension, figure.label)][figure.segment] = figure
    pairs = defaultdict(list)
    for key, cells in rows.items():
        if all(
            cells.get(s) is not None and cells[s].percentage is not None
            for s in (*SUB_SEGMENTS, Segment.PANEL)
        ):
            pairs[tuple(cells[s].percentage for s in SUB_SEGMENTS)].append(key)
    for keys in pairs.values():
        far = [k for k in keys if any(
            abs(rows[k][s].percentage - rows[k][Segment.PANEL].percentage) >= COPY_GAP
            for s in SUB_SEGMENTS)]  # fmt: skip
        if len(keys) < 2 or not far:
            continue
        for key in keys:
            other = next(k for k in keys if k != key)
            shown = ", ".join(rows[key][s].shown for s in SUB_SEGMENTS)
            text = (
                f"mêmes chiffres ({shown}) que « {other[1]} » "
                f"({Dimension(other[0]).label.lower()}) : possible erreur de recopie, à "
                "vérifier dans le document source"
            )
            for segment in SUB_SEGMENTS:
                found[rows[key][segment].pk].append(text)
    for figure in figures:
        figure.warning = " ; ".join(found.get(figure.pk, []))
    SurveyFigure.objects.bulk_update(figures, ["warning"])
    return [
        f"« {f.label} » ({Segment(f.segment).label}) : {f.warning}"
        for f in sorted(figures, key=lambda f: (f.dimension, f.position, f.segment))
        if f.warning
    ]


# (b) Raw answers


def _item_column(header: str) -> tuple[str, str] | None:
    """« connait:CAUE » → (knowledge, "CAUE"); « besoin : Voirie » → (need, "Voirie")."""
    if ":" not in header:
        return None
    prefix, label = header.split(":", 1)
    key = normalize(prefix)
    if key in KNOWS_PREFIXES:
        return Dimension.KNOWLEDGE, label.strip()
    if key in NEEDS_PREFIXES:
        return Dimension.NEED, label.strip()
    return None


def import_raw(
    source, departement: str, year: int, title: str = "", source_text: str = ""
) -> ImportSummary:
    headers, rows = read_table(source)
    normalized = [normalize(h) for h in headers]
    items, problems = _raw_headers(headers, normalized)
    problems = _check_survey_args(departement, year) + problems
    if problems:
        raise SurveyImportError(problems)
    communes = dict(Commune.objects.values_list("code", "population"))
    answers, problems = _raw_answers(headers, normalized, rows, items, communes)
    if problems:
        raise SurveyImportError(problems)
    matcher = Matcher()
    summary = ImportSummary()
    with transaction.atomic():
        survey = _survey(departement, year, title, source_text)
        survey.answers.all().delete()
        survey.figures.all().delete()
        SurveyAnswer.objects.bulk_create(
            [
                SurveyAnswer(survey=survey, profile=p, commune_id=c, knows=k, needs=n)
                for p, c, k, n in answers
            ],
            batch_size=5000,
        )
        figures = compute_figures(survey, answers, communes, items.values(), matcher)
        SurveyFigure.objects.bulk_create(figures, batch_size=5000)
        survey.respondents = len(answers)
        survey.save(update_fields=["respondents"])
    summary.survey = survey
    summary.answers = len(answers)
    summary.figures = len(figures)
    summary.unmatched = sorted({f.label for f in figures if not (f.structure or f.theme)})
    return summary


def compute_figures(survey, answers, populations, items, matcher) -> list[SurveyFigure]:
    """The report's tables from raw answers: for each item and segment, the share (%) of
    those who answered the item who said yes, and how many answered."""
    counts = defaultdict(lambda: [0, 0])  # (dimension, label, segment) → [yes, answered]
    for profile, code, knows, needs in answers:
        population = populations.get(code)
        segments = [Segment.PANEL]
        if population is not None and population <= SMALL_COMMUNE:
            segments.append(Segment.SMALL)
        if profile == "maire":
            segments.append(Segment.MAYORS)
        for dimension, values in ((Dimension.KNOWLEDGE, knows), (Dimension.NEED, needs)):
            for label, yes in values.items():
                for segment in segments:
                    cell = counts[(dimension, label, segment)]
                    cell[0] += yes
                    cell[1] += 1
    figures = []
    for dimension, label in items:
        for segment in Segment.values:
            yes, answered = counts.get((dimension, label, segment), (0, 0))
            if answered:
                share = (Decimal(100) * yes / answered).quantize(Decimal("0.1"))
                figures.append(matcher.figure(survey, dimension, label, segment, share, answered))
    return figures


# (c) A survey shipped with its tables: a manifest (TOML) naming the tables, the respondents,
# the headline figures and the cells the source gives illegibly.

MANIFEST_KEYS = {"departement", "annee", "titre", "source", "repondants", "chiffres_cles",
                 "tableaux", "illisibles"}  # fmt: skip


def read_manifest(path) -> dict:
    path = Path(path)
    try:
        manifest = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise SurveyImportError([f"{path.name} : illisible ({error})."]) from error
    problems = [
        f"{path.name} : clé inconnue « {k} »." for k in sorted(set(manifest) - MANIFEST_KEYS)
    ]
    for key, kind in (("departement", str), ("annee", int), ("titre", str), ("tableaux", list)):
        if not isinstance(manifest.get(key), kind):
            problems.append(f"{path.name} : « {key} » manquant ou invalide.")
    respondents = manifest.get("repondants")
    if respondents is not None and (not isinstance(respondents, int) or respondents < 1):
        problems.append(f"{path.name} : « repondants » doit être un nombre entier positif.")
    for entry in manifest.get("chiffres_cles", []):
        share = entry.get("part") if isinstance(entry, dict) else None
        if not isinstance(share, int | float) or not 0 <= share <= 100 or not entry.get("libelle"):
            problems.append(
                f"{path.name} : chiffre clé invalide {entry!r} (part de 0 à 100, libellé)."
            )
    for table in manifest.get("tableaux", []):
        if not isinstance(table, dict) or not (path.parent / str(table.get("fichier"))).is_file():
            problems.append(f"{path.name} : tableau introuvable {table!r}.")
    if problems:
        raise SurveyImportError(problems)
    return manifest


def load_manifest(path) -> list[ImportSummary]:
    """Every table of the survey, in one transaction: one refused, none is kept."""
    path = Path(path)
    manifest = read_manifest(path)
    summaries = []
    with transaction.atomic():
        for table in manifest["tableaux"]:
            illegible = {
                (cell["ligne"], cell["colonne"]): cell["note"]
                for cell in manifest.get("illisibles", [])
                if cell.get("fichier") == table["fichier"]
            }
            summaries.append(
                import_aggregated(
                    path.parent / table["fichier"],
                    manifest["departement"],
                    manifest["annee"],
                    table.get("mesure", ""),
                    manifest["titre"],
                    manifest.get("source", ""),
                    illegible=illegible,
                )
            )
        survey = summaries[-1].survey
        survey.respondents = manifest.get("repondants")
        survey.key_figures = [
            {"part": entry["part"], "libelle": entry["libelle"]}
            for entry in manifest.get("chiffres_cles", [])
        ]
        survey.save(update_fields=["respondents", "key_figures"])
        summaries[-1].warnings = refresh_warnings(survey)
    return summaries
