from django.conf import settings
from django.shortcuts import render


def privacy(request):
    return render(
        request,
        "core/privacy.html",
        {
            "retention_months": settings.SUPPORT_RETENTION_MONTHS,
            "unanswered_days": settings.SUPPORT_UNANSWERED_WORKING_DAYS,
        },
    )
