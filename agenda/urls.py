from django.urls import path

from . import views

app_name = "agenda"
urlpatterns = [
    path("agenda/", views.agenda, name="list"),
    path("agenda/agenda.ics", views.agenda_ics, name="ics"),
    path("agenda/nouveautes.atom", views.NewEventsFeed(), name="atom"),
    path("agenda/<int:pk>/", views.event, name="event"),
    path("agenda/<int:pk>/evenement.ics", views.event_ics, name="event_ics"),
    path("bien-commencer/", views.newcomers, name="newcomers"),
]
