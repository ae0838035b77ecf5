"""« Signaler une erreur » on every fiche and offer: anyone, without an account, rate-limited,
with a honeypot. The structure's administrators and the département's platform team are told;
they correct the fiche and answer; the fiche says a correction is being examined meanwhile."""

from django.conf import settings
from django.db import transaction
from django.shortcuts import get_object_or_404, render

from accounts.models import Membership
from core.ratelimit import allow, client_ip, refused
from directory.models import ErrorReport, Offre, Structure
from outbox.emails import queue_email
from support.routing import team_emails

from .forms import ReportForm


def recipients(structure: Structure) -> list[str]:
    """The structure's administrators and the platform team of its département."""
    admins = Membership.objects.filter(
        structure=structure, role=Membership.Role.ADMIN, user__is_active=True
    ).exclude(user__email="")
    emails = set(admins.values_list("user__email", flat=True))
    return sorted(emails | set(team_emails(structure)))


@transaction.atomic
def file_report(structure: Structure, offre: Offre | None, description: str, email: str):
    report = ErrorReport.objects.create(
        structure=structure, offre=offre, description=description.strip(), email=email
    )
    for to in recipients(structure):
        queue_email(to, "error_report", {"report": report})
    return report


def report(request, slug, offre_slug=None):
    structure = get_object_or_404(Structure.objects.select_related("seat_commune"), slug=slug)
    offre = get_object_or_404(Offre, slug=offre_slug, structure=structure) if offre_slug else None
    form = ReportForm(request.POST if request.method == "POST" else None)
    context = {"structure": structure, "offre": offre, "form": form, "sent": False}
    if request.method == "POST":
        if request.POST.get("website"):  # the honeypot: a robot, answered as if it worked
            context["sent"] = True
            return render(request, "directory/report.html", context)
        if not allow("report-ip", client_ip(request), settings.RATE_LIMIT_REPORTS_PER_IP, 3600):
            return refused(
                request, "Trop de signalements depuis votre connexion : réessayez dans une heure."
            )
        if form.is_valid():
            file_report(
                structure, offre, form.cleaned_data["description"], form.cleaned_data["email"]
            )
            context["sent"] = True
    # errors are shown on the form, with what was typed (a 200, as the request form)
    return render(request, "directory/report.html", context)
