"""Every figure of the observatory as a plain table (caption, a sentence of what it shows,
headers, rows): the same tables feed the pages, the CSV and XLSX downloads, the API and the
`export_observatory` command."""

import io
from dataclasses import dataclass

from core.spreadsheets import CsvWriter, safe_cell

from .activity import JourneyFigures, RequestFigures
from .coverage import Matrix
from .models import Dimension, PoolingSuggestion, Segment, Survey
from .needs import DEMAND_RULE, ThemeRow


@dataclass
class Table:
    slug: str  # file name of the downloads
    caption: str
    summary: str  # what it shows, in a sentence
    headers: list[str]
    rows: list[list]


def _fr(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",")
    return str(value)


def coverage_table(matrix: Matrix) -> Table:
    axis = "thème" if matrix.axis == "themes" else "type d'aide"
    gaps = len(matrix.gaps())
    return Table(
        slug=f"couverture-{matrix.axis}",
        caption=f"Offres couvrant toutes les communes de chaque intercommunalité, par {axis}",
        summary=(
            f"{gaps} croisements intercommunalité × {axis} n'ont aucune offre ou une seule qui "
            "couvre toutes les communes : des manques de l'annuaire à vérifier (une offre "
            "peut exister sans y figurer), pas des besoins prouvés."
        ),
        headers=[
            "Intercommunalité",
            "Code SIREN",
            "Communes",
            *[name for _, name in matrix.columns],
        ],
        rows=[
            [
                row.epci.name,
                row.epci.code,
                row.communes,
                *[row.counts[s] for s, _ in matrix.columns],
            ]
            for row in matrix.rows
        ],
    )


def needs_table(rows: list[ThemeRow], survey: Survey | None) -> Table:
    readings = [r for r in rows if r.reading]
    return Table(
        slug="besoins-offre",
        caption="Besoins exprimés, demande observée et offre, par thème",
        summary=(
            f"{len(readings)} thème(s) ressortent : "
            + (", ".join(f"{r.name} ({r.reading})" for r in readings) or "aucun")
            + "."
            + ("" if survey else " Aucune enquête importée : le besoin exprimé est vide.")
            + f" Lecture {DEMAND_RULE}."
        ),
        headers=[
            "Thème",
            "Besoin exprimé (% des répondants)",
            "Parcours des communes (12 mois)",
            "Demandes (12 mois)",
            "Offres couvrant tout le département",
            "Offres couvrant une partie",
            "Structures",
            "Connaissance des structures (%)",
            "Lecture",
        ],
        rows=[
            [
                r.name,
                r.need,
                r.journeys,
                r.requests,
                r.offers,
                r.partial_offers,
                r.structures,
                r.knowledge,
                r.reading,
            ]
            for r in rows
        ],
    )


@dataclass
class SurveyRow:
    """A row of a survey table as the page shows it: the figures of the three segments side
    by side, each as the source gives it (n.d. with its note when illegible), with what to
    check, and the directory's fiche when the row names a structure."""

    label: str
    match: str
    url: str
    cells: list  # SurveyFigure or None, in the order of Segment
    warnings: list[str]


def survey_rows(survey: Survey, dimension: str) -> list[SurveyRow]:
    figures = survey.figures.filter(dimension=dimension).select_related("structure", "theme")
    rows: dict[str, SurveyRow] = {}
    for figure in figures.order_by("position", "label"):
        row = rows.get(figure.label)
        if row is None:
            matched = figure.structure or figure.theme
            row = rows[figure.label] = SurveyRow(
                label=figure.label,
                match=str(matched or ""),
                url=figure.structure.get_absolute_url() if figure.structure else "",
                cells=[None] * len(Segment.values),
                warnings=[],
            )
        row.cells[Segment.values.index(figure.segment)] = figure
        if figure.warning and figure.warning not in row.warnings:
            row.warnings.append(figure.warning)
    return list(rows.values())


def survey_summary(survey: Survey) -> str:
    parts = [f"{survey.respondents or 'Nombre inconnu de'} répondants"]
    parts += [f"{entry['part']} % {entry['libelle']}" for entry in survey.key_figures]
    illegible = survey.figures.filter(percentage=None).count()
    if illegible:
        parts.append(f"{illegible} valeur(s) illisible(s) dans la source, laissée(s) vide(s)")
    return " ; ".join(parts) + "."


def survey_table(survey: Survey, dimension: str, rows: list[SurveyRow] | None = None) -> Table:
    """`rows`: the `survey_rows` of this dimension when the caller already read them."""
    knowledge = dimension == Dimension.KNOWLEDGE
    rows = survey_rows(survey, dimension) if rows is None else rows
    has_counts = any(c and c.respondents for r in rows for c in r.cells)
    headers = ["Intitulé de l'enquête", "Structure" if knowledge else "Thème"]
    for _, label in Segment.choices:
        headers.append(f"{label} (%)")
        if has_counts:
            headers.append(f"{label} : répondants")
    headers += ["Note de la source", "À vérifier"]
    lines = []
    for row in rows:
        line = [row.label, row.match]
        for cell in row.cells:
            line.append(None if cell is None or cell.percentage is None else float(cell.percentage))
            if has_counts:
                line.append(cell.respondents if cell else None)
        line.append(" ; ".join(c.note for c in row.cells if c and c.note))
        line.append(" ; ".join(row.warnings))
        lines.append(line)
    what = "connaissent chaque structure" if knowledge else "expriment un besoin sur chaque thème"
    return Table(
        slug=f"enquete-{survey.year}-{'connaissance' if knowledge else 'besoins'}",
        caption=f"{survey.title} : part des répondants qui {what}",
        summary=survey_summary(survey),
        headers=headers,
        rows=lines,
    )


def journey_tables(figures: JourneyFigures) -> list[Table]:
    weak = figures.share(figures.weak)
    return [
        Table(
            "parcours-themes",
            "Parcours « Qui peut m'aider ? » des communes, par thème compris",
            f"{figures.total} parcours des communes et du public sur le site ; "
            f"{_fr(weak) or '0'} % sans réponse satisfaisante ; "
            f"{_fr(figures.share(figures.clicked)) or '0'} % suivis d'un clic sur une offre.",
            ["Thème", "Parcours"],
            [[name, n] for _, name, n in figures.by_theme],
        ),
        Table(
            "parcours-origine",
            "Tous les parcours de la période, par origine",
            "Seuls ceux des communes et du public sur le site comptent comme demande ; les "
            "applications (par canal), l'équipe de la plateforme, ses tests et les robots sont "
            "comptés à part.",
            ["Origine", "Canal", "Parcours"],
            [list(item) for item in figures.by_audience],
        ),
        Table(
            "parcours-mois",
            "Parcours par mois",
            "Nombre de parcours commencés chaque mois.",
            ["Mois", "Parcours"],
            [list(item) for item in figures.by_month],
        ),
        Table(
            "parcours-communes",
            "Communes qui ont fait le plus de parcours",
            "Les 20 communes les plus actives.",
            ["Commune", "Code INSEE", "Parcours"],
            [[name, code, n] for code, name, n in figures.by_commune],
        ),
    ]


def request_tables(figures: RequestFigures) -> list[Table]:
    return [
        Table(
            "demandes-statuts",
            "Demandes d'accompagnement par statut",
            f"{figures.total} demandes ; première réponse (prise en charge ou message) en "
            f"{_fr(figures.median_days) or '—'} jour(s) en médiane, 9 sur 10 en "
            f"{_fr(figures.p90_days) or '—'} jour(s) au plus ; "
            f"{_fr(figures.share_in_time()) or '0'} % répondues en "
            f"{figures.working_days} jours ouvrés ou moins.",
            ["Statut", "Demandes"],
            [[label, n] for _, label, n in figures.by_status],
        ),
        Table(
            "demandes-structures",
            "Demandes par structure et délai de réponse",
            "Pour chaque structure : demandes reçues, répondues (prise en charge ou premier "
            "message), dans le délai annoncé, délai médian et délai sous lequel 9 demandes sur "
            "10 ont eu une première réponse, en jours.",
            [
                "Structure",
                "Demandes",
                "Répondues",
                "Dans le délai",
                "Délai médian (jours)",
                "9 sur 10 sous (jours)",
            ],
            [
                [s.name, s.total, s.answered, s.in_time, s.median_days, s.p90_days]
                for s in figures.by_structure
            ],
        ),
    ]


def to_csv(table: Table) -> str:
    """Semicolon-separated, decimal commas: what a French spreadsheet opens as is."""
    out = io.StringIO()
    writer = CsvWriter(out)
    writer.writerow(table.headers)
    for row in table.rows:
        writer.writerow([_fr(cell) for cell in row])
    return out.getvalue()


def to_xlsx(tables: list[Table]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    for table in tables:
        sheet = workbook.create_sheet(table.slug[:31])
        sheet.append([table.caption])
        sheet.append([table.summary])
        sheet.append([])
        sheet.append(table.headers)
        for row in table.rows:
            sheet.append([safe_cell(cell) for cell in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def pooling_table(departement: str) -> Table:
    """The mutualisation suggestions of the département's intercommunalities, by state: what
    the intercommunalities did of them."""
    found = PoolingSuggestion.objects.filter(epci__departements=departement).select_related(
        "epci", "theme"
    )
    counts: dict[str, dict[str, int]] = {}
    for suggestion in found:
        row = counts.setdefault(suggestion.epci.name, dict.fromkeys(PoolingSuggestion.State, 0))
        row[suggestion.state] += 1
    return Table(
        slug="mutualisation",
        caption="Pistes de mutualisation par intercommunalité et par état",
        summary=(
            f"{sum(sum(r.values()) for r in counts.values())} piste(s) : quand au moins deux "
            "communes d'une intercommunalité expriment le même besoin en six mois ; "
            "l'intercommunalité dit ce qu'elle en fait."
        ),
        headers=["Intercommunalité", *[label for _, label in PoolingSuggestion.State.choices]],
        rows=[[name, *row.values()] for name, row in sorted(counts.items())],
    )
