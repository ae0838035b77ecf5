from django.urls import path

from spaces import claims, reports
from spaces import structures as space

from . import views

app_name = "directory"
urlpatterns = [
    path("annuaire/", views.directory_list, name="list"),
    path("structures/<slug:slug>/", views.structure_detail, name="structure"),
    path("offres/<slug:slug>/", views.offre_detail, name="offre"),
    path("structures/<slug:slug>/signaler/", reports.report, name="report"),
    path("structures/<slug:slug>/rattachement/", claims.claim, name="claim"),
    path("compte/rattachements/<str:token>/", claims.confirm, name="claim_confirm"),
    path(
        "structures/<slug:slug>/offres/<slug:offre_slug>/signaler/",
        reports.report,
        name="report_offre",
    ),
]

urlpatterns += [
    path("espace/nouvelle-structure/", space.propose_structure, name="propose_structure"),
    path("espace/structures/<slug:slug>/", space.manage_structure, name="manage_structure"),
    path("espace/structures/<slug:slug>/nouvelle-offre/", space.propose_offre, name="propose"),
    path("espace/offres/<slug:slug>/", space.manage_offre, name="manage_offre"),
]
