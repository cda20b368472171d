"""Who may do what through the API.

Reads are public. Writes need a structure's API token and touch that structure's places only. Everything
else is refused: 401 without credentials (with `WWW-Authenticate: Bearer`), 403 with a token.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework import permissions

from accounts.models import ApiToken


def has_token(request) -> bool:
    return isinstance(request.auth, ApiToken)


def is_offered(request, view) -> bool:
    """The view answers this method: for any other, let DRF answer 405 rather than 401."""
    return hasattr(view, request.method.lower())


class ReadOnly(permissions.BasePermission):
    message = _("Cette ressource est en lecture seule.")

    def has_permission(self, request, view):
        return request.method in permissions.SAFE_METHODS or not is_offered(request, view)


class ReadOnlyOrStructureToken(permissions.BasePermission):
    """Anyone reads; a structure's token writes the structure's own places."""

    message = _("Ce lieu n'appartient pas à la structure de ce jeton : vous ne pouvez pas le modifier.")

    def has_permission(self, request, view):
        return (
            request.method in permissions.SAFE_METHODS or has_token(request) or not is_offered(request, view)
        )

    def has_object_permission(self, request, view, obj):
        if request.method in permissions.SAFE_METHODS:
            return True
        return has_token(request) and obj.structure_id == request.auth.structure_id
