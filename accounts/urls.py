from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("compte/connexion/", views.login_view, name="login"),
    path("compte/connexion/envoyee/", views.sent_view, name="sent"),
    path("compte/connexion/confirmer/", views.confirm_pending_view, name="confirm_pending"),
    path("compte/connexion/<str:token>/", views.confirm_view, name="confirm"),
    path("compte/deconnexion/", views.logout_view, name="logout"),
]
