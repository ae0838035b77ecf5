from django.urls import path

from . import views

app_name = "opendata"

urlpatterns = [
    path("donnees/", views.index, name="index"),
    path("donnees/schemas/<slug:name>.json", views.schema_file, name="schema"),
    path("donnees/<str:filename>", views.data_file, name="file"),
]
