"""The observatory's pages: a public summary (no personal or per-requester data) and the
platform activity for the territory admins. Every table can be downloaded as CSV or XLSX."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from accounts import permissions
from core.params import MAX_ID, int_param
from directory.index import get_index
from directory.models import in_taxonomy_order
from projects import permissions as project_permissions
from territories import site
from territories.models import EPCI, Departement

from . import epci_dashboard as epci_dashboard_data
from . import pooling, tables
from .activity import Filters, journeys, requests
from .coverage import coverage_matrix
from .models import (
    FIRST_SURVEY_YEAR,
    LAST_SURVEY_YEAR,
    Dimension,
    PoolingSuggestion,
    Segment,
    Survey,
)
from .needs import needs_vs_offer


def _departement(request) -> Departement:
    code = request.GET.get("departement") or site.default_departement()
    found = Departement.objects.filter(code=code).defer("geometry").first()
    if found is None:
        raise Http404("Département inconnu.")
    return found


def _respond(request, template: str, context: dict, all_tables: list[tables.Table]):
    """The page, or one of its tables as CSV (?format=csv&table=…), or all as XLSX."""
    wanted = request.GET.get("format")
    if wanted == "csv":
        table = next((t for t in all_tables if t.slug == request.GET.get("table")), None)
        if table is None:
            raise Http404("Tableau inconnu.")
        response = HttpResponse(tables.to_csv(table), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{table.slug}.csv"'
        return response
    if wanted == "xlsx":
        response = HttpResponse(
            tables.to_xlsx(all_tables),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        name = template.rsplit("/", 1)[-1].replace(".html", "")
        response["Content-Disposition"] = f'attachment; filename="observatoire-{name}.xlsx"'
        return response
    context["tables"] = all_tables
    return render(request, template, context)


def summary(request):
    departement = _departement(request)
    surveys = list(Survey.objects.filter(departement=departement).order_by("-year"))
    survey = _chosen_survey(request, surveys)
    needs = needs_vs_offer(departement.code, survey)
    matrix = coverage_matrix([departement.code])
    needs_table, coverage_table = tables.needs_table(needs, survey), tables.coverage_table(matrix)
    pooling_table = tables.pooling_table(departement.code)
    all_tables = [needs_table, coverage_table, pooling_table]
    knowledge_table = need_survey_table = None
    need_rows = tables.survey_rows(survey, Dimension.NEED) if survey else []
    knowledge_rows = tables.survey_rows(survey, Dimension.KNOWLEDGE) if survey else []
    if survey is not None:
        knowledge_table = tables.survey_table(survey, Dimension.KNOWLEDGE, knowledge_rows)
        need_survey_table = tables.survey_table(survey, Dimension.NEED, need_rows)
        all_tables += [need_survey_table, knowledge_table]
    segment = request.GET.get("segment")
    segment = segment if segment in Segment.values else Segment.PANEL
    segment_label = Segment(segment).label.lower()
    context = {
        "needs_table": needs_table,
        "coverage_table": coverage_table,
        "pooling_table": pooling_table,
        "knowledge_table": knowledge_table,
        "need_survey_table": need_survey_table,
        "need_rows": need_rows,
        "knowledge_rows": knowledge_rows,
        "need_survey_bars": _bars(survey, Dimension.NEED, segment),
        "need_chart_title": f"Besoin d'ingénierie par thème, {segment_label} (%)",
        "knowledge_chart_title": f"Connaissance de chaque structure, {segment_label} (%)",
        "show_activity": permissions.can_moderate(request.user, departement.code),
        "departement": departement,
        "surveys": surveys,
        "survey": survey,
        "needs": needs,
        "matrix": matrix,
        "knowledge_bars": _bars(survey, Dimension.KNOWLEDGE, segment),
        "segments": Segment.choices,
        "segment": segment,
    }
    return _respond(request, "observatory/summary.html", context, all_tables)


def _chosen_survey(request, surveys: list[Survey]) -> Survey | None:
    year = int_param(request.GET, "annee", minimum=FIRST_SURVEY_YEAR, maximum=LAST_SURVEY_YEAR)
    if year is not None:
        return next((s for s in surveys if s.year == year), None)
    return surveys[0] if surveys else None


def _bars(survey, dimension, segment) -> list[tuple[str, float]]:
    if survey is None:
        return []
    segment = segment if segment in Segment.values else Segment.PANEL
    figures = survey.figures.filter(dimension=dimension, segment=segment)
    bars = [(f.label, None if f.percentage is None else float(f.percentage)) for f in figures]
    return sorted(bars, key=lambda bar: -1 if bar[1] is None else -bar[1])


def coverage(request):
    departement = _departement(request)
    axis = "aides" if request.GET.get("axe") == "aides" else "themes"
    matrix = coverage_matrix([departement.code], axis)
    table = tables.coverage_table(matrix)
    context = {
        "departement": departement,
        "matrix": matrix,
        "axis": axis,
        "table": table,
        "show_activity": permissions.can_moderate(request.user, departement.code),
    }
    return _respond(request, "observatory/coverage.html", context, [table])


def evolution(request):
    """The surveys year after year: each item's share of the panel."""
    departement = _departement(request)
    surveys = list(Survey.objects.filter(departement=departement).order_by("year"))
    dimension = (
        Dimension.KNOWLEDGE if request.GET.get("mesure") == "connaissance" else Dimension.NEED
    )
    segment = (
        request.GET.get("segment") if request.GET.get("segment") in Segment.values else "panel"
    )
    values: dict[str, dict[int, float]] = {}
    for survey in surveys:
        for label, share in survey.figures.filter(dimension=dimension, segment=segment).values_list(
            "label", "percentage"
        ):
            values.setdefault(label, {})[survey.year] = None if share is None else float(share)
    years = [s.year for s in surveys]
    table = tables.Table(
        slug=f"evolution-{dimension}",
        caption="Évolution d'une enquête à l'autre (% des répondants)",
        summary=f"{len(surveys)} enquête(s) importée(s) : "
        + (", ".join(map(str, years)) or "aucune")
        + ".",
        headers=["Intitulé", *map(str, years)],
        rows=[[label, *[v.get(y) for y in years]] for label, v in sorted(values.items())],
    )
    context = {
        "table": table,
        "show_activity": permissions.can_moderate(request.user, departement.code),
        "departement": departement,
        "dimension": dimension,
        "segment": segment,
        "segments": Segment.choices,
        "years": years,
    }
    return _respond(request, "observatory/evolution.html", context, [table])


@login_required
def activity(request):
    departement = _departement(request)
    if not permissions.can_moderate(request.user, departement.code):
        raise PermissionDenied
    filters, errors = _filters(request, departement)
    journey_figures = journeys(filters)
    request_figures = requests(filters)
    journey_tables = tables.journey_tables(journey_figures)
    all_tables = journey_tables + tables.request_tables(request_figures)
    context = {
        "show_activity": True,
        "du": request.GET.get("du", "")[:10],
        "au": request.GET.get("au", "")[:10],
        "journey_tables": journey_tables,
        "request_tables": all_tables[len(journey_tables) :],
        "departement": departement,
        "filters": filters,
        "errors": errors,
        "journeys": journey_figures,
        "requests": request_figures,
        "theme_bars": [(name, n) for _, name, n in journey_figures.by_theme],
        "epcis": EPCI.objects.filter(communes__departement=departement).distinct().order_by("name"),
        "themes": _themes(),
    }
    return _respond(request, "observatory/activity.html", context, all_tables)


def _themes():
    return in_taxonomy_order(get_index().themes.values())


def _filters(request, departement) -> tuple[Filters, dict[str, str]]:
    errors = {}
    dates = {}
    for name in ("du", "au"):
        value = request.GET.get(name, "")
        if value:
            try:
                dates[name] = date.fromisoformat(value)
            except ValueError:
                errors[name] = f"Date invalide « {value} » : utilisez le format AAAA-MM-JJ."
    if dates.get("du") and dates.get("au") and dates["du"] > dates["au"]:
        errors["au"] = "La fin de la période précède son début."
        dates.pop("au")
    return (
        Filters(
            departement=departement.code,
            start=dates.get("du"),
            end=dates.get("au"),
            epci=request.GET.get("epci", "")[:9],
            theme=request.GET.get("theme", "")[:60],
        ),
        errors,
    )


def epci_dashboard(request, code):
    """An intercommunality's dashboard: its agents, the DDT and the platform team."""
    epci = get_object_or_404(EPCI.objects.defer("geometry"), code=code)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not permissions.can_see_epci_dashboard(request.user, epci):
        raise PermissionDenied
    if request.method == "POST":
        return _suggestion_state(request, epci)
    pooling.refresh([epci.code])
    board = epci_dashboard_data.build(epci)
    context = {
        "board": board,
        "epci": epci,
        # Every viewer sees the counts; the link only where the project opens for them.
        "opens": set(
            project_permissions.visible(request.user)
            .filter(pk__in=[p.pk for p in board.projects])
            .values_list("pk", flat=True)
        ),
        "states": [s for s in PoolingSuggestion.State.choices if s[0] != "nouvelle"],
    }
    return _respond(request, "observatory/epci_dashboard.html", context, board.tables)


def _suggestion_state(request, epci):
    pk = int_param(request.POST, "suggestion", minimum=1, maximum=MAX_ID)
    suggestion = get_object_or_404(PoolingSuggestion, pk=pk or 0, epci=epci)
    state = request.POST.get("state", "")
    if state not in PoolingSuggestion.State.values:
        messages.error(request, "État inconnu : choisissez en cours, réalisée ou non pertinente.")
    else:
        pooling.set_state(request.user, suggestion, state)
        messages.success(
            request,
            f"Piste « {suggestion.theme.name} » : {suggestion.get_state_display().lower()}.",
        )
    return redirect("observatory:epci_dashboard", code=epci.code)
