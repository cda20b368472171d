"""Pages of the accounts people open themselves: sign-up and its confirmation link, a new link, "Mot de passe
oublié ?", "Mes informations" (change of address, change of password).

What sends email or checks a password is counted per client address (inclusion.ratelimit, ACCOUNT_REQUESTS_PER_
HOUR): sign-up, new link, password reset count what they accept (a typo costs nothing); a change of address or
of password counts every attempt, since each one checks the current password. Logins are django-axes's.
Links from emails open a page with a button: mail scanners that open every link confirm nothing.
"""

from axes.utils import reset as reset_login_failures
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts import links, signups
from accounts.auth_forms import (
    EmailChangeForm,
    PasswordResetForm,
    ResendForm,
    SignUpForm,
    password_help_text,
)
from inclusion.ratelimit import RateLimit


def account_limit(scope: str) -> RateLimit:
    return RateLimit(scope, f"{settings.ACCOUNT_REQUESTS_PER_HOUR}/hour")


class PlainHelpTextMixin:
    """Django's new-password field explains the rules as an HTML list; our fields show a sentence as a hint."""

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        form.fields["new_password1"].help_text = password_help_text()
        return form


def too_many(request, template: str, context: dict, verdict):
    """The form's page again, with what to do, as a 429."""
    message = _(
        "Trop de demandes depuis votre connexion : réessayez dans %(minutes)d minutes. Si le courriel attendu "
        "n'arrive pas, regardez dans les indésirables."
    ) % {"minutes": max(1, round(verdict.retry_after / 60))}
    response = render(request, template, {**context, "limit_message": message}, status=429)
    response["Retry-After"] = str(verdict.retry_after)
    return response


@require_http_methods(["GET", "POST"])
def signup(request):
    if request.user.is_authenticated:
        return redirect("accounts:home")
    form = SignUpForm(request.POST or None)
    if request.method == "POST":
        limit = account_limit("signup")
        verdict = limit.check(request)
        if not verdict.allowed:
            return too_many(request, "accounts/signup.html", {"form": form}, verdict)
        if form.is_valid():
            limit.hit(request)
            signups.sign_up(
                request=request, email=form.cleaned_data["email"], password=form.cleaned_data["password1"]
            )
            # The same page whether the address had an account or not: the email says which.
            return redirect("accounts:signup-sent")
    return render(request, "accounts/signup.html", {"form": form}, status=400 if form.errors else 200)


def signup_sent(request):
    return render(request, "accounts/signup_sent.html")


@require_http_methods(["GET", "POST"])
def signup_confirm(request, token: str):
    user = links.user_of_sign_up_token(token)
    if user is None or not signups.pending_accounts().filter(pk=user.pk).exists():
        return render(request, "accounts/link_invalid.html", {"kind": "signup"}, status=400)
    if request.method == "POST":
        if not signups.confirm_sign_up(user=user):
            return render(request, "accounts/link_invalid.html", {"kind": "taken"}, status=409)
        messages.success(request, _("Votre adresse est confirmée : vous pouvez vous connecter."))
        return redirect("accounts:login")
    return render(request, "accounts/signup_confirm.html", {"email": user.email})


@require_http_methods(["GET", "POST"])
def signup_resend(request):
    form = ResendForm(request.POST or None)
    if request.method == "POST":
        limit = account_limit("signup-resend")
        verdict = limit.check(request)
        if not verdict.allowed:
            return too_many(request, "accounts/signup_resend.html", {"form": form}, verdict)
        if form.is_valid():
            limit.hit(request)
            signups.resend_sign_up_link(request=request, email=form.cleaned_data["email"])
            return redirect("accounts:signup-sent")
    return render(request, "accounts/signup_resend.html", {"form": form}, status=400 if form.errors else 200)


class PasswordResetView(auth_views.PasswordResetView):
    """Django's: the same answer whether the address has an account or not; counted per client address."""

    form_class = PasswordResetForm
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/emails/password_reset.txt"
    subject_template_name = "accounts/emails/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password-reset-done")

    def post(self, request, *args, **kwargs):
        self.limit = account_limit("password-reset")
        verdict = self.limit.check(request)
        if not verdict.allowed:
            return too_many(request, self.template_name, {"form": self.get_form()}, verdict)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        self.limit.hit(self.request)
        return super().form_valid(form)

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(PlainHelpTextMixin, auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password-reset-complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        # Whoever reads the mailbox chose a new password: the lockout of guesses at the old one ends.
        reset_login_failures(username=form.user.get_username())
        signups.notify_password_changed(request=self.request, user=form.user)
        return response

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


@login_required
def account(request):
    return render(request, "accounts/account.html")


@login_required
@require_http_methods(["GET", "POST"])
def email_change(request):
    form = EmailChangeForm(request.user, request.POST or None)
    if request.method == "POST":
        verdict = account_limit("email-change").hit(request)  # every attempt: each one checks the password
        if not verdict.allowed:
            return too_many(request, "accounts/email_change.html", {"form": form}, verdict)
        if form.is_valid():
            new_email = form.cleaned_data["email"]
            signups.request_email_change(request=request, user=request.user, new_email=new_email)
            messages.success(
                request,
                _(
                    "Un lien a été envoyé à %(email)s : ouvrez-le pour confirmer la nouvelle adresse. D'ici là, "
                    "votre adresse actuelle reste celle du compte."
                )
                % {"email": new_email},
            )
            return redirect("accounts:account")
    return render(request, "accounts/email_change.html", {"form": form}, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def email_change_confirm(request, token: str):
    found = links.read_email_change_token(token)
    if found is None or not found[0].is_active:
        return render(request, "accounts/link_invalid.html", {"kind": "email"}, status=400)
    user, new_email = found
    if request.method == "POST":
        if not signups.change_email(request=request, user=user, new_email=new_email):
            return render(request, "accounts/link_invalid.html", {"kind": "taken"}, status=409)
        messages.success(
            request,
            _("Votre adresse est maintenant %(email)s. Elle sert aussi à vous connecter.")
            % {"email": new_email},
        )
        return redirect("accounts:account" if request.user.is_authenticated else "accounts:login")
    return render(request, "accounts/email_change_confirm.html", {"new_email": new_email})


@method_decorator(require_http_methods(["GET", "POST"]), name="dispatch")
class PasswordChangeView(PlainHelpTextMixin, auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:account")

    def post(self, request, *args, **kwargs):
        verdict = account_limit("password-change").hit(request)  # every attempt: each one checks the password
        if not verdict.allowed:
            return too_many(request, self.template_name, {"form": self.get_form()}, verdict)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        response = super().form_valid(form)  # keeps this session logged in, ends the others
        signups.notify_password_changed(request=self.request, user=form.user)
        messages.success(self.request, _("Votre mot de passe est changé."))
        return response

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)
