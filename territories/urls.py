from django.urls import path

from directory import territory_pages as pages

from . import views

app_name = "territories"
urlpatterns = [
    path("communes/", views.commune_search, name="commune_search"),
    path("communes/suggestions/", views.commune_suggestions, name="commune_suggestions"),
    path("communes/<str:code>/", pages.commune_detail, name="commune"),
    path("intercommunalites/<str:code>/", pages.epci_detail, name="epci"),
    path("departements/<str:code>/", pages.departement_detail, name="departement"),
    path("carte/", pages.coverage_map, name="map"),
    path("carte/donnees/", pages.coverage_map_data, name="map_data"),
    path("carte/tableau/", pages.coverage_table, name="map_table"),
]
