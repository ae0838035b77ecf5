from django.urls import path

from . import feeds, views

app_name = "funding"
urlpatterns = [
    path("financements/", views.aid_list, name="list"),
    path("financements/nouvelles.atom", feeds.NewAidsFeed(), name="atom"),
    path("financements/echeances.ics", views.deadlines_ics, name="ics"),
    path("financements/communes/<str:code>/", views.commune_aids, name="commune"),
    path("financements/aides/<int:pk>/", views.aid_detail, name="aid"),
    path("financements/alertes/", views.alert_new, name="alert_new"),
    path("financements/alertes/demandee/", views.alert_asked, name="alert_asked"),
    path("financements/alertes/confirmer/<str:token>/", views.alert_confirm, name="alert_confirm"),
    path(
        "financements/alertes/desinscription/<str:token>/",
        views.alert_unsubscribe,
        name="alert_unsubscribe",
    ),
]
