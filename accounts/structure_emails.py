"""The emails of join requests, in plain text: to the people who decide, then to the person who asked, each in
the recipient's language (accounts/languages.py).

Sent after the transaction that recorded the request or the decision commits (accounts.structures), through
Django's email backends (console in development, SMTP when EMAIL_HOST is set: docs/deploy.md). A failing mail
server does not undo the request: the request is on "Mon espace" either way.
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from accounts import languages
from accounts.models import JoinRequest, Membership

logger = logging.getLogger(__name__)


def join_requested(join_request: JoinRequest) -> None:
    """To the structure's administrators, or to the moderators when it has none."""
    structure = join_request.structure
    admins = Membership.objects.filter(structure=structure, role=Membership.Role.ADMIN).select_related("user")
    recipients = [membership.user for membership in admins if membership.user.email]
    if admins:
        where = _url(reverse("accounts:home"))
    else:
        recipients = _moderators()
        where = _url(reverse("accounts:moderation-join-requests"))
    if not recipients:
        logger.warning("Join request %s: nobody to tell by email", join_request.pk)
        return
    for language, users in languages.by_language(recipients).items():
        with translation.override(language):
            lines = [
                _("Bonjour,"),
                "",
                _(
                    "%(person)s (%(email)s) demande à rejoindre la structure « %(structure)s » dans l'annuaire."
                )
                % {
                    "person": _name(join_request.user),
                    "email": join_request.user.email,
                    "structure": structure.name,
                },
            ]
            if join_request.message:
                lines += ["", _("Son message :"), join_request.message]
            lines += ["", _("Acceptez ou refusez sa demande sur cette page :"), where]
            subject = _("Demande pour rejoindre « %(structure)s »") % {"structure": structure.name}
            _send(subject, lines, [user.email for user in users])


def join_decided(join_request: JoinRequest) -> None:
    """To the person who asked."""
    if not join_request.user.email:
        return
    with languages.override(join_request.user):
        _write_decision(join_request)


def _write_decision(join_request: JoinRequest) -> None:
    structure = join_request.structure.name
    if join_request.status == JoinRequest.Status.ACCEPTED:
        subject = _("Vous avez rejoint « %(structure)s »") % {"structure": structure}
        said = _("Votre demande pour rejoindre « %(structure)s » est acceptée : vous pouvez agir pour elle.")
    else:
        subject = _("Votre demande pour rejoindre « %(structure)s »") % {"structure": structure}
        said = _("Votre demande pour rejoindre « %(structure)s » n'est pas acceptée.")
    lines = [_("Bonjour,"), "", said % {"structure": structure}]
    if join_request.answer:
        lines += [
            "",
            _("Message de %(person)s :") % {"person": _name(join_request.decided_by)},
            join_request.answer,
        ]
    lines += ["", _("Votre espace :"), _url(reverse("accounts:home"))]
    _send(subject, lines, [join_request.user.email])


def _moderators() -> list:
    staff = get_user_model().objects.filter(is_staff=True, is_active=True).exclude(email="")
    return [user for user in staff if user.has_perm("places.change_structure")]


def _name(user) -> str:
    if user is None:
        return _("un modérateur")
    return user.get_full_name() or user.get_username()


def _url(path: str) -> str:
    return getattr(settings, "SITE_URL", "") + path


def _send(subject: str, lines: list[str], recipients: list[str]) -> None:
    body = "\n".join(lines + ["", _("L'équipe de l'annuaire")]) + "\n"
    try:
        send_mail(subject, body, None, recipients)
    except OSError:
        # SMTP down: the request and its decision are recorded and shown on "Mon espace"; say it in the logs.
        logger.exception("Email %r to %d recipients not sent", subject, len(recipients))
