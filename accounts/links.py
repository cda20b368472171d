"""The signed links sent by email: confirming a new account's address, and a new address for an account.

A link is `django.core.signing` over the account's id and a fingerprint of what the link may change (the
password's hash, the address, the active flag): it expires after PASSWORD_RESET_TIMEOUT like Django's password
reset links, cannot be forged without SECRET_KEY, and dies once used or once the account changed — a second
sign-up with the same address (a new password) voids the first one's link.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.utils.crypto import constant_time_compare, salted_hmac

SIGN_UP_SALT = "accounts.links.sign-up"
EMAIL_CHANGE_SALT = "accounts.links.email-change"


def fingerprint(user) -> str:
    state = f"{user.pk}|{user.password}|{user.email}|{user.is_active}"
    return salted_hmac("accounts.links.fingerprint", state).hexdigest()[:32]


def sign_up_token(user) -> str:
    return signing.dumps({"u": user.pk, "f": fingerprint(user)}, salt=SIGN_UP_SALT)


def user_of_sign_up_token(token: str):
    """The account a confirmation link is for, or None when the link is forged, expired, used or replaced."""
    data = _load(token, SIGN_UP_SALT)
    if data is None:
        return None
    return _user_if_unchanged(data)


def email_change_token(user, new_email: str) -> str:
    return signing.dumps({"u": user.pk, "e": new_email, "f": fingerprint(user)}, salt=EMAIL_CHANGE_SALT)


def read_email_change_token(token: str):
    """(account, new address) of a change link, or None when the link is forged, expired, used or outdated."""
    data = _load(token, EMAIL_CHANGE_SALT)
    if data is None or not isinstance(data.get("e"), str):
        return None
    user = _user_if_unchanged(data)
    return None if user is None else (user, data["e"])


def _load(token: str, salt: str) -> dict | None:
    try:
        data = signing.loads(token, salt=salt, max_age=settings.PASSWORD_RESET_TIMEOUT)
    except signing.BadSignature:  # SignatureExpired is one
        return None
    return data if isinstance(data, dict) else None


def _user_if_unchanged(data: dict):
    user = (
        get_user_model().objects.filter(pk=data.get("u")).first() if isinstance(data.get("u"), int) else None
    )
    if user is None or not constant_time_compare(fingerprint(user), str(data.get("f"))):
        return None
    return user
