from django.urls import path

from . import views

app_name = "guide"

urlpatterns = [
    path("guide/<str:code>.pdf", views.departement_pdf, name="departement"),
    path("guide/intercommunalites/<str:code>.pdf", views.epci_pdf, name="epci"),
]
