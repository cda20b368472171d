"""Forms of the accounts people open themselves: sign-up, a new confirmation link, change of address.

Passwords are checked by AUTH_PASSWORD_VALIDATORS (Django's messages, in French), against the address too.
"""

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.signups import normalize_email

# The address becomes the username (150 characters in Django's User).
EMAIL_MAX_LENGTH = get_user_model()._meta.get_field("username").max_length

EMAIL_ERRORS = {
    "required": _("Saisissez votre adresse électronique."),
    "invalid": _("Saisissez une adresse électronique valide, par exemple nom@domaine.fr."),
    "max_length": _(
        "L'adresse est trop longue : %(limit_value)d caractères au plus (vous en avez saisi %(show_value)d)."
    ),
}


def email_field(label, max_length=EMAIL_MAX_LENGTH):
    return forms.EmailField(
        label=label,
        max_length=max_length,
        help_text=_("Format attendu : nom@domaine.fr"),
        error_messages=EMAIL_ERRORS,
    )


def password_help_text() -> str:
    return " ".join(str(text) for text in password_validation.password_validators_help_texts())


class SignUpForm(forms.Form):
    email = email_field(_("Adresse électronique"))
    password1 = forms.CharField(
        label=_("Mot de passe"),
        strip=False,
        help_text=password_help_text,
        error_messages={"required": _("Choisissez un mot de passe.")},
    )
    password2 = forms.CharField(
        label=_("Confirmation du mot de passe"),
        strip=False,
        help_text=_("Le même mot de passe, pour éviter une faute de frappe."),
        error_messages={"required": _("Saisissez le mot de passe une seconde fois.")},
    )

    def clean_email(self):
        return normalize_email(self.cleaned_data["email"])

    def clean(self):
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("Les deux mots de passe ne sont pas identiques."))
        elif password1:
            email = cleaned.get("email", "")
            # Not saved: only what the validators compare the password with (the address).
            candidate = get_user_model()(username=email, email=email)
            try:
                password_validation.validate_password(password1, candidate)
            except ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's (one email per active account of the address, nothing said about others), in our words. Any
    address length: accounts made by the team may have a longer one than a login can be."""

    email = email_field(_("Adresse électronique"), max_length=254)


class ResendForm(forms.Form):
    email = email_field(_("Adresse électronique"))

    def clean_email(self):
        return normalize_email(self.cleaned_data["email"])


class EmailChangeForm(forms.Form):
    """A new address for the account, with its current password: an unattended session cannot move the login
    (and, with it, the password-reset emails) to another mailbox."""

    email = email_field(_("Nouvelle adresse électronique"))
    password = forms.CharField(
        label=_("Mot de passe actuel"),
        strip=False,
        error_messages={"required": _("Saisissez votre mot de passe actuel.")},
    )

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_email(self):
        email = normalize_email(self.cleaned_data["email"])
        if email == normalize_email(self.user.email or ""):
            raise ValidationError(_("C'est déjà l'adresse de votre compte."), code="same")
        return email

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise ValidationError(_("Ce n'est pas votre mot de passe actuel."), code="wrong_password")
        return password
