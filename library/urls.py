from django.urls import path

from . import views

app_name = "library"
urlpatterns = [
    path("ressources/", views.resource_list, name="list"),
    path("ressources/communes/<str:code>/", views.commune_resources, name="commune"),
]
