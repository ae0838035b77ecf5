"""The platform team's reading of the answers: weak ones and those users said did not help,
by theme and by intercommunality, to extend the thesaurus or the directory."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render

from accounts import permissions
from directory.index import get_index
from directory.models import in_taxonomy_order
from orientation.listening import row, tally, to_review, with_theme, write_csv
from territories.models import EPCI

SHOWN = 200


@login_required
def answers(request):
    if not permissions.is_staff_of_platform(request.user):
        raise PermissionDenied
    departements = None if request.user.is_superuser else permissions.territory_codes(request.user)
    themes = in_taxonomy_order(get_index().themes.values())
    theme = request.GET.get("theme", "")
    theme = theme if theme in {t.slug for t in themes} else ""
    epcis = (
        EPCI.objects.filter(
            **({"communes__departement_id__in": departements} if departements is not None else {})
        )
        .distinct()
        .order_by("name")
    )
    epci = request.GET.get("epci", "")
    epci = epci if epci in {e.code for e in epcis} else ""
    journeys = with_theme(to_review(departements, epci), theme)
    if request.GET.get("format") == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="reponses-a-revoir.csv"'
        write_csv(response, journeys)
        return response
    context = {
        "rows": [row(journey) for journey in journeys[:SHOWN]],
        "total": len(journeys),
        "tally": tally(journeys),
        "themes": themes,
        "epcis": epcis,
        "theme": theme,
        "epci": epci,
        "shown": SHOWN,
    }
    return render(request, "support/platform_answers.html", context)
