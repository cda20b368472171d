"""Who is asking: people by their password (DirectoryModelBackend, behind django-axes's lockout) and partners'
servers by their API token: `Authorization: Bearer <key>` (or `Token <key>`, DRF's usual word).

A token's request then carries the token in `request.auth` (its structure decides what may be written) and the
token's creator in `request.user`, so the history of every change names a person.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions

from accounts.models import ApiToken, digest_of

logger = logging.getLogger(__name__)

# The demo's administrator (demo/management/commands/load_demo.py), printed in the README: anyone knows it.
DEMO_CREDENTIALS = {("admin", "admin")}


class DirectoryModelBackend(ModelBackend):
    """Django's password check, except that the demo's published credentials open nothing once DEBUG is off:
    a demo database served in production mode must not come with a known administrator."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if not settings.DEBUG and (username, password) in DEMO_CREDENTIALS:
            logger.warning("Login with the demo's credentials refused: DEBUG is off (docs/security.md).")
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


KEYWORDS = ("bearer", "token")
# Writing "last used" at each request would add a write to every read: once an hour is enough to tell
# which tokens are still in use.
LAST_USED_PRECISION = timedelta(hours=1)


class ApiTokenAuthentication(authentication.BaseAuthentication):
    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].decode(errors="replace").lower() not in KEYWORDS:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(
                _("En-tête Authorization mal formé : attendu « Bearer <clé> ».")
            )
        try:
            key = header[1].decode()
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(_("Clé d'API illisible.")) from None
        token = (
            ApiToken.objects.select_related("structure", "created_by").filter(digest=digest_of(key)).first()
        )
        if token is None:
            raise exceptions.AuthenticationFailed(_("Clé d'API inconnue."))
        if token.revoked_at is not None:
            raise exceptions.AuthenticationFailed(
                _("Ce jeton a été révoqué le %(date)s.")
                % {"date": date_format(localtime(token.revoked_at), "DATETIME_FORMAT")}
            )
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at > LAST_USED_PRECISION:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return (token.created_by or AnonymousUser(), token)

    def authenticate_header(self, request):
        # Makes DRF answer 401 (not 403) to a write without credentials, naming the scheme to use.
        return 'Bearer realm="api"'
