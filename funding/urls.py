from django.urls import path

from . import feeds, views

app_name = "funding"
urlpatterns = [
    path("financements/", views.aid_list, name="list"),
    path("financements/nouvelles.atom", feeds.NewAidsFeed(), name="atom"),
    path("financements/echeances.ics", views.deadlines_ics, name="ics"),
    path("financements/communes/<str:code>/", views.commune_aids, name="commune"),
]
