"""French DSFR pages for every error the site can answer: 400, 403, 404, 413, 500 and the
CSRF failure. `handler500` must work when nothing else does (the database down): if its
page cannot be rendered, a plain French page is returned instead."""

import logging

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import render

from . import files
from .params import InvalidParameter

logger = logging.getLogger(__name__)

PAGES = {
    400: (
        "Requête incorrecte",
        "La page n'a pas pu lire ce qui lui a été envoyé.",
        ["Si vous avez suivi un lien, il est peut-être incomplet : repartez de l'accueil."],
    ),
    403: (
        "Accès refusé",
        "Vous n'avez pas accès à cette page.",
        [
            "Si vous pensez y avoir droit, connectez-vous avec l'adresse électronique "
            "enregistrée par votre structure, ou demandez l'accès à son administrateur.",
        ],
    ),
    404: (
        "Page introuvable",
        "La page que vous cherchez n'existe pas ou a été déplacée.",
        [
            "Si vous avez tapé l'adresse, vérifiez-la. Sinon, repartez de l'accueil ou "
            "cherchez votre commune.",
        ],
    ),
    413: (
        "Envoi trop volumineux",
        "Ce que vous avez envoyé dépasse la taille maximale acceptée.",
        [],
    ),
    429: (
        "Trop de demandes",
        "Vous avez fait beaucoup de demandes en peu de temps.",
        ["Réessayez dans une heure."],
    ),
    500: (
        "Erreur du service",
        "Le service a rencontré une erreur ; l'équipe technique en est informée.",
        [
            "Réessayez dans quelques minutes. Si vous envoyiez un formulaire, vérifiez avant de "
            "le renvoyer qu'il n'a pas déjà été enregistré (un courriel vous l'aurait confirmé).",
        ],
    ),
}


def limit_label() -> str:
    """`DATA_UPLOAD_MAX_MEMORY_SIZE` as a person reads it: « 2,5 Mo », « 50 Ko »."""
    return files.size_label(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)


def error_response(request, status: int, *details: str, title: str = "", lead: str = ""):
    """The error page (or, under /api/, the API's `{"detail": …}`) for `status`."""
    default_title, default_lead, default_details = PAGES[status]
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": " ".join(details) or default_lead}, status=status)
    context = {
        "error_code": status,
        "error_title": title or default_title,
        "error_lead": lead or default_lead,
        "error_details": list(details) or default_details,
    }
    return render(request, "errors/error.html", context, status=status)


def too_large_response(request, file_limit: str = ""):
    """Over the size limit: a text to shorten, or (`file_limit`) a file too heavy."""
    if file_limit:
        return error_response(
            request,
            413,
            f"Un fichier peut peser au plus {file_limit}. Revenez à la page précédente et "
            "choisissez un fichier plus léger (un PDF compressé, une image réduite).",
        )
    return error_response(
        request,
        413,
        f"La limite est de {limit_label()} par envoi. Raccourcissez votre texte, puis renvoyez-le.",
    )


def bad_request(request, exception=None):
    if isinstance(exception, RequestDataTooBig):
        return too_large_response(request)
    if isinstance(exception, InvalidParameter):
        return error_response(request, 400, str(exception))
    return error_response(request, 400)


def permission_denied(request, exception=None):
    return error_response(request, 403)


def page_not_found(request, exception=None):
    return error_response(request, 404)


def server_error(request):
    try:
        return error_response(request, 500)
    except Exception:  # the page itself failed (database down…): a page that needs nothing
        logger.exception("La page d'erreur 500 n'a pas pu être affichée.")
        title, lead, details = PAGES[500]
        return HttpResponseServerError(
            f'<!doctype html><html lang="fr"><meta charset="utf-8"><title>{title}</title>'
            f"<h1>{title}</h1><p>{lead}</p><p>{details[0]}</p>",
        )


def csrf_failure(request, reason=""):
    """The form's security token was missing or stale (an old tab, cookies refused)."""
    return error_response(
        request,
        403,
        "Rechargez la page du formulaire, puis renvoyez-le : par sécurité, un formulaire "
        "ouvert depuis longtemps ou dans un autre onglet doit être rechargé.",
        "Si le problème persiste, vérifiez que votre navigateur accepte les cookies de ce "
        "site : ils ne servent qu'à sécuriser les formulaires et la connexion.",
        title="Formulaire expiré",
        lead="Votre envoi n'a pas pu être vérifié.",
    )
