from django.contrib.auth import views as auth_views
from django.urls import path

from accounts import auth_views as accounts_auth_views
from accounts import structure_views, views
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
    # Accounts people open themselves (accounts/auth_views.py).
    path("inscription/", accounts_auth_views.signup, name="signup"),
    path("inscription/envoyee/", accounts_auth_views.signup_sent, name="signup-sent"),
    path("inscription/confirmer/<str:token>/", accounts_auth_views.signup_confirm, name="signup-confirm"),
    path("inscription/nouveau-lien/", accounts_auth_views.signup_resend, name="signup-resend"),
    path("mot-de-passe-oublie/", accounts_auth_views.PasswordResetView.as_view(), name="password-reset"),
    path(
        "mot-de-passe-oublie/envoye/",
        accounts_auth_views.PasswordResetDoneView.as_view(),
        name="password-reset-done",
    ),
    path(
        "mot-de-passe-oublie/<uidb64>/<token>/",
        accounts_auth_views.PasswordResetConfirmView.as_view(),
        name="password-reset-confirm",
    ),
    path(
        "mot-de-passe-oublie/termine/",
        accounts_auth_views.PasswordResetCompleteView.as_view(),
        name="password-reset-complete",
    ),
    path("informations/", accounts_auth_views.account, name="account"),
    path("informations/adresse/", accounts_auth_views.email_change, name="email-change"),
    path(
        "informations/adresse/confirmer/<str:token>/",
        accounts_auth_views.email_change_confirm,
        name="email-change-confirm",
    ),
    path(
        "informations/mot-de-passe/", accounts_auth_views.PasswordChangeView.as_view(), name="password-change"
    ),
    path("", views.home, name="home"),
    path("structures/<int:pk>/jetons/", views.token_create, name="token-create"),
    path("jetons/<int:pk>/revoquer/", views.token_revoke, name="token-revoke"),
    # Structures and their members (accounts/structure_views.py).
    path("structures/declarer/", structure_views.structure_register, name="structure-register"),
    path("structures/<int:pk>/modifier/", structure_views.structure_edit, name="structure-edit"),
    path("structures/<int:pk>/rejoindre/", structure_views.join_request_create, name="join-request"),
    path("structures/<int:pk>/verifier/", structure_views.structure_verify, name="structure-verify"),
    path("demandes/<int:pk>/decider/", structure_views.join_request_decide, name="join-request-decide"),
    path("membres/<int:pk>/role/", structure_views.member_role, name="member-role"),
    path("membres/<int:pk>/retirer/", structure_views.member_remove, name="member-remove"),
    path("moderation/structures/", structure_views.moderation_join_requests, name="moderation-join-requests"),
    path(
        "moderation/demandes/<int:pk>/",
        structure_views.moderation_join_request,
        name="moderation-join-request",
    ),
]
