from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from accounts.models import ApiToken
from accounts.signups import normalize_email, pending_accounts

NAME_MAX_LENGTH = ApiToken._meta.get_field("name").max_length


class BoundedUsernameMixin:
    """Django's login forms set the username's max_length after building the field, so nothing checks it: a
    200 KB "username" reached the authentication backends, and django-axes failed to store it (varchar 255 on
    PostgreSQL: a 500). The length is checked like any field's, before anyone authenticates."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["username"]
        field.validators.append(MaxLengthValidator(field.max_length))


class EmailLoginMixin:
    """The address is the login of accounts opened on the site (accounts/signups.py): typed in any case, it is
    read lower-cased before anyone authenticates, so django-axes counts one account's failures under one name.
    A username with "@" that exists as typed (an account made by the team) is kept as it is."""

    def clean_username(self):
        username = self.cleaned_data["username"]
        if "@" in username and not get_user_model().objects.filter(username=username).exists():
            username = normalize_email(username)
        return username

    def clean(self):
        try:
            return super().clean()
        except ValidationError as error:
            # Said only to whoever typed the right password: it tells nothing to someone guessing.
            if not getattr(self.request, "axes_locked_out", False) and self._waits_for_confirmation():
                self.unconfirmed = True
                raise ValidationError(
                    _(
                        "Votre adresse n'est pas encore confirmée : ouvrez le lien reçu par courriel, ou "
                        "demandez-en un nouveau."
                    ),
                    code="unconfirmed",
                ) from error
            raise

    def _waits_for_confirmation(self) -> bool:
        username, password = self.cleaned_data.get("username"), self.cleaned_data.get("password")
        user = pending_accounts().filter(username=username).first() if username and password else None
        # hashers.check_password: never re-hash and save, which would void the account's confirmation link.
        return user is not None and check_password(password, user.password)


class LoginForm(BoundedUsernameMixin, EmailLoginMixin, AuthenticationForm):
    unconfirmed = False


class AdminLoginForm(BoundedUsernameMixin, EmailLoginMixin, AdminAuthenticationForm):
    unconfirmed = False


class TokenForm(forms.Form):
    """ "Créer un jeton": only a name, so the structure can later tell which software uses which token."""

    name = forms.CharField(
        label=_("Nom du jeton"),
        max_length=NAME_MAX_LENGTH,
        help_text=_("À quoi sert ce jeton, par exemple « Logiciel de gestion »."),
        error_messages={
            "required": _("Donnez un nom au jeton, par exemple « Logiciel de gestion »."),
            "max_length": _(
                "Le nom est trop long : %(limit_value)d caractères au plus (vous en avez saisi %(show_value)d)."
            ),
        },
    )
