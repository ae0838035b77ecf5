from django.urls import path
from django.views.generic import TemplateView

from . import views

app_name = "core"
urlpatterns = [
    path(
        "accessibilite/",
        TemplateView.as_view(template_name="core/accessibility.html"),
        name="accessibility",
    ),
    path("mentions-legales/", TemplateView.as_view(template_name="core/legal.html"), name="legal"),
    path("donnees-personnelles/", views.privacy, name="privacy"),
    path("api/", TemplateView.as_view(template_name="core/api.html"), name="api"),
    path("robots.txt", views.robots, name="robots"),
]
