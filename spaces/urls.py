from django.urls import path

from . import (
    accounts,
    aids,
    answers,
    claims,
    departements,
    events,
    platform,
    realisations,
    reports,
    resources,
)
from . import structures as space

app_name = "spaces"
urlpatterns = [
    # Public forms that reach a structure or the platform team.
    path("structures/<slug:slug>/signaler/", reports.report, name="report"),
    path(
        "structures/<slug:slug>/offres/<slug:offre_slug>/signaler/",
        reports.report,
        name="report_offre",
    ),
    path("structures/<slug:slug>/rattachement/", claims.claim, name="claim"),
    path("compte/rattachements/<str:token>/", accounts.confirm_claim, name="claim_confirm"),
    # The personal space.
    path("compte/", accounts.dashboard, name="dashboard"),
    # A structure's space: its fiche, offers, members, calls, events, resources.
    path("espace/nouvelle-structure/", space.propose_structure, name="propose_structure"),
    path("espace/structures/<slug:slug>/", space.manage_structure, name="manage_structure"),
    path(
        "espace/structures/<slug:slug>/nouvelle-offre/", space.propose_offre, name="propose_offre"
    ),
    path("espace/offres/<slug:slug>/", space.manage_offre, name="manage_offre"),
    path("espace/structures/<slug:slug>/membres/", accounts.members, name="members"),
    path("espace/structures/<slug:slug>/nouvel-appel/", aids.new_aid, name="new_aid"),
    path("espace/appels/<int:pk>/", aids.edit_aid, name="edit_aid"),
    path("espace/structures/<slug:slug>/nouvel-evenement/", events.new_event, name="new_event"),
    path("espace/evenements/<int:pk>/", events.edit_event, name="edit_event"),
    path(
        "espace/structures/<slug:slug>/nouvelle-ressource/",
        resources.new_resource,
        name="new_resource",
    ),
    path("espace/ressources/<int:pk>/", resources.edit_resource, name="edit_resource"),
    path("espace/realisations/nouvelle/", realisations.propose, name="propose_realisation"),
    # The platform team.
    path("espace/plateforme/", platform.queue, name="platform"),
    path("espace/plateforme/decision/", platform.decide, name="decide"),
    path("espace/plateforme/reponses/", answers.answers, name="platform_answers"),
    path(
        "espace/plateforme/departements/<str:code>/",
        departements.checklist,
        name="departement_checklist",
    ),
]
