from django.urls import path

from . import views

app_name = "projects"

urlpatterns = [
    path("projets/", views.mine, name="mine"),
    path("projets/nouveau/", views.new, name="new"),
    path("projets/nouvelles/", views.digest, name="digest"),
    path("projets/nouvelles/arret/<str:token>/", views.digest_stop, name="digest_stop"),
    path("projets/structures/<slug:slug>/", views.structure_list, name="structure_list"),
    path("projets/departements/<str:code>/", views.departement_list, name="departement_list"),
    path("projets/<uuid:public_id>/", views.detail, name="detail"),
    path("projets/<uuid:public_id>/modifier/", views.edit, name="edit"),
    path("projets/<uuid:public_id>/export.json", views.export, name="export"),
    path("projets/<uuid:public_id>/documents/<int:pk>/", views.document, name="document"),
    path("projets/<uuid:public_id>/inviter/", views.invite, name="invite"),
    path("projets/<uuid:public_id>/calendrier/<str:token>.ics", views.calendar, name="calendar"),
    path("projets/<uuid:public_id>/<slug:action>/", views.act, name="act"),
    path("financements/aides/<int:pk>/ajouter-a-mon-projet/", views.add_aid, name="add_aid"),
]
