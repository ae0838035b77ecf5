"""The checklist of a département's platform team: what `onboard_departement` created, from
which source and date, and what remains to ask, to whom (`directory.onboarding.checklist`)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from accounts import permissions
from directory import onboarding
from territories.models import Departement


@login_required
def checklist(request, code: str):
    departement = get_object_or_404(Departement, code=code)
    if not permissions.can_moderate(request.user, code):
        raise PermissionDenied
    try:
        checklist = onboarding.checklist(departement.code)
    except onboarding.OnboardingError as error:  # a collectivité d'outre-mer
        raise Http404(str(error)) from error
    context = {
        "checklist": checklist,
        "breadcrumb_links": [("Animation du réseau", reverse("spaces:platform"))],
    }
    return render(request, "directory/space/departement_checklist.html", context)
