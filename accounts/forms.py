from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from accounts.models import ApiToken

NAME_MAX_LENGTH = ApiToken._meta.get_field("name").max_length


class BoundedUsernameMixin:
    """Django's login forms set the username's max_length after building the field, so nothing checks it: a
    200 KB "username" reached the authentication backends, and django-axes failed to store it (varchar 255 on
    PostgreSQL: a 500). The length is checked like any field's, before anyone authenticates."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["username"]
        field.validators.append(MaxLengthValidator(field.max_length))


class LoginForm(BoundedUsernameMixin, AuthenticationForm):
    pass


class AdminLoginForm(BoundedUsernameMixin, AdminAuthenticationForm):
    pass


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
