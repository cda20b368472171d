from django.contrib.auth import views as auth_views
from django.urls import path

from accounts import views
from accounts.forms import LoginForm

app_name = "accounts"

urlpatterns = [
    path(
        "connexion/",
        auth_views.LoginView.as_view(
            template_name="accounts/login.html",
            redirect_authenticated_user=True,
            authentication_form=LoginForm,
        ),
        name="login",
    ),
    # Django 5's LogoutView accepts POST only: a link or a prefetch cannot log anyone out.
    path("deconnexion/", auth_views.LogoutView.as_view(), name="logout"),
    path("", views.home, name="home"),
    path("structures/<int:pk>/jetons/", views.token_create, name="token-create"),
    path("jetons/<int:pk>/revoquer/", views.token_revoke, name="token-revoke"),
]
