from django.urls import path

from . import views

app_name = "observatory"

urlpatterns = [
    path("observatoire/", views.summary, name="summary"),
    path("observatoire/couverture/", views.coverage, name="coverage"),
    path("observatoire/evolution/", views.evolution, name="evolution"),
    path("observatoire/activite/", views.activity, name="activity"),
    path(
        "intercommunalites/<str:code>/tableau-de-bord/",
        views.epci_dashboard,
        name="epci_dashboard",
    ),
]
