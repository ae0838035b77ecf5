from django.urls import path

from . import embed, views

app_name = "orientation"
urlpatterns = [
    path("orientation/", views.step_commune, name="start"),
    path("orientation/projet/", views.step_project, name="project"),
    path("orientation/precisions/", views.step_details, name="details"),
    path("orientation/resultats/", views.results, name="results"),
    path("orientation/choix/<uuid:journey_id>/", views.choose, name="choose"),
    path("orientation/avis/<uuid:journey_id>/", views.feedback, name="feedback"),
    path("integrer/", embed.embed, name="embed"),
    path("widget/cartoinge-widget.js", embed.widget_script, name="widget_script"),
]
