from django.urls import path

from . import views

app_name = "support"

urlpatterns = [
    path("demandes/nouvelle/", views.new_request, name="new"),
    path("demandes/envoyee/<uuid:group>/", views.sent, name="sent"),
    path("demandes/suivi/<str:token>/", views.follow, name="follow"),
    path("demandes/ma-demande/<uuid:public_id>/", views.follow_request, name="follow_request"),
    path("espace/demandes/", views.inbox_list, name="inbox"),
    path("espace/demandes/<uuid:public_id>/", views.inbox_detail, name="inbox_detail"),
    path("espace/demandes/<uuid:public_id>/action/", views.inbox_action, name="inbox_action"),
]
