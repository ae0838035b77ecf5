"""The journey's steps under /widget/ (instance namespace « widget » of the orientation app):
`{% url 'orientation:…' %}` in their templates stays in the widget."""

from django.urls import path

from . import views
from .widget import framable

app_name = "orientation"
urlpatterns = [
    path("orientation/", framable(views.step_commune), name="start"),
    path("orientation/projet/", framable(views.step_project), name="project"),
    path("orientation/precisions/", framable(views.step_details), name="details"),
    path("orientation/resultats/", framable(views.results), name="results"),
]
