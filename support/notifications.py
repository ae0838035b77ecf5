"""Who is told what, by e-mail through the outbox. Texts stay short and never carry more
personal data than the recipient already has: a structure gets a link to its inbox."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse

from outbox.services import queue

from .links import follow_path
from .models import SupportRequest

SIGNATURE = (
    "\n\n—\nCarto'Ingé, la cartographie de l'ingénierie territoriale.\nCe message est automatique."
)


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def structure_recipients(request: SupportRequest) -> list[str]:
    """The structure's members; failing any, the platform team of the commune's département,
    so that a request never waits unseen."""
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    members = users.filter(memberships__structure=request.structure)
    emails = sorted(set(members.values_list("email", flat=True)))
    if not emails:
        admins = users.filter(territories__departement=request.commune.departement_id)
        emails = sorted(set(admins.values_list("email", flat=True)))
    if not emails and settings.PLATFORM_EMAIL:
        emails = [settings.PLATFORM_EMAIL]
    return emails


def _inbox_link(request: SupportRequest) -> str:
    return absolute(reverse("support:inbox_detail", args=[request.public_id]))


def new_request_to_structure(request: SupportRequest, rerouted_from=None) -> None:
    how = (
        f"{rerouted_from.display_name} vous a réorienté une demande"
        if rerouted_from
        else "Une commune vous adresse une demande d'accompagnement"
    )
    body = (
        f"Bonjour,\n\n{how} via Carto'Ingé.\n\n"
        f"Commune : {request.commune.name} ({request.commune.code})\n"
        f"Structure destinataire : {request.structure.display_name}\n\n"
        f"Consultez-la et prenez-la en charge dans votre espace :\n{_inbox_link(request)}"
        + SIGNATURE
    )
    for email in structure_recipients(request):
        queue(email, f"Nouvelle demande d'accompagnement — {request.commune.name}", body)


def request_sent_to_requester(requests: list[SupportRequest]) -> None:
    if not requests:
        return
    first = requests[0]
    lines = "\n".join(
        f"- {r.structure.display_name} : {absolute(follow_path(r))}" for r in requests
    )
    body = (
        f"Bonjour,\n\nVotre demande d'accompagnement pour {first.commune.name} a bien été "
        f"envoyée. Chaque structure vous répondra ; suivez chaque demande, échangez avec la "
        f"structure ou clôturez-la avec son lien personnel :\n\n{lines}\n\n"
        "Ces liens sont personnels : ne les transférez pas. Si vous n'êtes pas à l'origine de "
        "cette demande, ignorez ce message." + SIGNATURE
    )
    queue(first.requester_email, "Votre demande d'accompagnement a été envoyée", body)


def status_to_requester(request: SupportRequest) -> None:
    body = (
        f"Bonjour,\n\nVotre demande d'accompagnement pour {request.commune.name} est désormais "
        f"« {request.get_status_display().lower()} »"
        + (f" ({request.get_outcome_display().lower()})" if request.outcome else "")
        + f" — structure : {request.structure.display_name}.\n\n"
        f"Suivez-la ici :\n{absolute(follow_path(request))}" + SIGNATURE
    )
    queue(request.requester_email, "Votre demande d'accompagnement a évolué", body)


def message_to_requester(request: SupportRequest) -> None:
    body = (
        f"Bonjour,\n\n{request.structure.display_name} vous a écrit au sujet de votre demande "
        f"pour {request.commune.name}.\n\nLisez et répondez ici :\n"
        f"{absolute(follow_path(request))}" + SIGNATURE
    )
    queue(request.requester_email, "Nouveau message sur votre demande d'accompagnement", body)


def _to_structure(request: SupportRequest, subject: str, text: str) -> None:
    body = f"Bonjour,\n\n{text}\n{_inbox_link(request)}" + SIGNATURE
    for email in structure_recipients(request):
        queue(email, f"{subject} — {request.commune.name}", body)


def message_to_structure(request: SupportRequest) -> None:
    _to_structure(
        request,
        "Nouveau message",
        f"Le demandeur a écrit au sujet de la demande de {request.commune.name}. Lisez et "
        "répondez dans votre espace :",
    )


def closed_to_structure(request: SupportRequest) -> None:
    _to_structure(
        request,
        "Demande clôturée par le demandeur",
        f"Le demandeur a clôturé sa demande ({request.commune.name}).",
    )


def reminder_to_structure(request: SupportRequest) -> None:
    _to_structure(
        request,
        "Relance : demande en attente",
        f"Une demande d'accompagnement de {request.commune.name} attend votre réponse depuis "
        f"le {request.waiting_since:%d/%m/%Y}. Prenez-la en charge, ou réorientez-la vers une "
        "structure plus adaptée :",
    )


def new_follow_link(request: SupportRequest) -> None:
    body = (
        f"Bonjour,\n\nVoici le nouveau lien de suivi de votre demande pour "
        f"{request.commune.name} ({request.structure.display_name}). L'ancien lien ne "
        f"fonctionne plus.\n\n{absolute(follow_path(request))}" + SIGNATURE
    )
    queue(request.requester_email, "Nouveau lien de suivi de votre demande", body)
