from django.urls import path

from . import views

app_name = "directory"
urlpatterns = [
    path("annuaire/", views.directory_list, name="list"),
    path("structures/<slug:slug>/", views.structure_detail, name="structure"),
    path("offres/<slug:slug>/", views.offre_detail, name="offre"),
]
