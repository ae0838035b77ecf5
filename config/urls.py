from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from api.api import api

from .sitemaps import SITEMAPS

urlpatterns = [
    path("", include("core.urls")),
    path("", include("territories.urls")),
    path("", include("directory.urls")),
    path("", include("orientation.urls")),
    path("widget/", include("orientation.widget_urls", namespace="widget")),
    path("", include("support.urls")),
    path("", include("accounts.urls")),
    path("", include("observatory.urls")),
    path("", include("funding.urls")),
    path("", include("peers.urls")),
    path("", include("agenda.urls")),
    path("", include("library.urls")),
    path("", include("opendata.urls")),
    path("", include("guide.urls")),
    path("", include("spaces.urls")),
    path("", include("projects.urls")),
    path("api/v1/", api.urls),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("admin/", admin.site.urls),
]

if settings.PROCONNECT_ENABLED:
    urlpatterns.append(path("oidc/", include("mozilla_django_oidc.urls")))

handler400 = "core.error_pages.bad_request"
handler403 = "core.error_pages.permission_denied"
handler404 = "core.error_pages.page_not_found"
handler500 = "core.error_pages.server_error"
