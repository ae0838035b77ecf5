from django.conf import settings
from django.shortcuts import render

from directory.models import Offre, Structure, Theme
from territories.models import Commune


def home(request):
    context = {
        "structure_count": Structure.objects.count(),
        "offre_count": Offre.objects.count(),
        "commune_count": Commune.objects.count(),
        "themes": Theme.objects.all(),
    }
    return render(request, "core/home.html", context)


def privacy(request):
    return render(
        request,
        "core/privacy.html",
        {
            "retention_months": settings.SUPPORT_RETENTION_MONTHS,
            "unanswered_days": settings.SUPPORT_UNANSWERED_WORKING_DAYS,
        },
    )
