from django.urls import path

from spaces import resources as space

from . import views

app_name = "library"
urlpatterns = [
    path("ressources/", views.resource_list, name="list"),
    path("ressources/communes/<str:code>/", views.commune_resources, name="commune"),
    path("espace/structures/<slug:slug>/nouvelle-ressource/", space.new_resource, name="new"),
    path("espace/ressources/<int:pk>/", space.edit_resource, name="edit"),
]
