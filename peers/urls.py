from django.urls import path

from . import views

app_name = "peers"
urlpatterns = [
    path("realisations/<int:pk>/", views.detail, name="detail"),
    path("realisations/<int:pk>/contacter/", views.contact, name="contact"),
    path("realisations/communes/<str:code>/", views.commune, name="commune"),
    path("realisations/intercommunalites/<str:code>/", views.epci, name="epci"),
]
