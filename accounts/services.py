"""Writes about members and API tokens. Plain functions with keyword-only arguments."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from accounts.models import ApiToken, Membership, new_key


def is_member(user, structure) -> bool:
    if not user or not user.is_authenticated:
        return False
    return Membership.objects.filter(user=user, structure=structure).exists()


def create_token(*, structure, user, name: str) -> tuple[ApiToken, str]:
    """A new token for `structure`, created by one of its members. Returns the token and its key, which is
    shown this once and never stored."""
    if not is_member(user, structure):
        raise PermissionDenied(_("Seuls les membres de la structure peuvent créer ses jetons d'API."))
    key = new_key()
    token = ApiToken(structure=structure, name=name.strip(), created_by=user)
    token.set_key(key)
    token.save()
    return token, key


def revoke_token(*, token: ApiToken, user) -> None:
    """Revoke a token; any member of its structure may (a leaked key must be stoppable by whoever sees it)."""
    if not (is_member(user, token.structure) or user.is_superuser):
        raise PermissionDenied(_("Seuls les membres de la structure peuvent révoquer ses jetons d'API."))
    token.revoke(by=user)
