from django.urls import path

from . import territory_pages as pages
from . import views

app_name = "directory"
urlpatterns = [
    path("", views.home, name="home"),
    path("annuaire/", views.directory_list, name="list"),
    path("structures/<slug:slug>/", views.structure_detail, name="structure"),
    path("offres/<slug:slug>/", views.offre_detail, name="offre"),
    # The territories' pages: what the directory offers each of them.
    path("communes/<str:code>/", pages.commune_detail, name="commune"),
    path("intercommunalites/<str:code>/", pages.epci_detail, name="epci"),
    path("departements/", pages.departement_pick, name="departement_pick"),
    path("departements/<str:code>/", pages.departement_detail, name="departement"),
    path("carte/", pages.coverage_map, name="map"),
    path("carte/donnees/", pages.coverage_map_data, name="map_data"),
    path("carte/tableau/", pages.coverage_table, name="map_table"),
]
