from django.urls import path

from spaces import accounts as account_pages

from . import views

app_name = "accounts"

urlpatterns = [
    path("compte/", account_pages.dashboard, name="dashboard"),
    path("compte/connexion/", views.login_view, name="login"),
    path("compte/connexion/envoyee/", views.sent_view, name="sent"),
    path("compte/connexion/confirmer/", views.confirm_pending_view, name="confirm_pending"),
    path("compte/connexion/<str:token>/", views.confirm_view, name="confirm"),
    path("compte/deconnexion/", views.logout_view, name="logout"),
    path("espace/structures/<slug:slug>/membres/", account_pages.members, name="members"),
]
