"""The site under another path, for `test_routing`."""

from django.urls import include, path

urlpatterns = [path("ailleurs/", include("core.urls"))]
