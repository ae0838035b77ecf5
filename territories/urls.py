from django.urls import path

from . import views

app_name = "territories"
urlpatterns = [
    path("communes/", views.commune_search, name="commune_search"),
    path("communes/suggestions/", views.commune_suggestions, name="commune_suggestions"),
    path("communes/<str:code>/", views.commune_detail, name="commune"),
    path("intercommunalites/<str:code>/", views.epci_detail, name="epci"),
    path("departements/<str:code>/", views.departement_detail, name="departement"),
    path("carte/", views.coverage_map, name="map"),
    path("carte/donnees/", views.coverage_map_data, name="map_data"),
    path("carte/tableau/", views.coverage_table, name="map_table"),
]
