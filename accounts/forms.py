from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import ApiToken

NAME_MAX_LENGTH = ApiToken._meta.get_field("name").max_length


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
