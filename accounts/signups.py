"""Accounts people open themselves: sign-up, confirmation of the address, change of address, notices by email.

The address is the login: an account opened here has the address, lower-cased, as its username (accounts made
before, by the team, keep theirs). An address belongs to one account. Nothing said on a page tells whether an
address has an account: what differs goes to the address itself, by email.

An unconfirmed account (a `SignUp` without `confirmed_at`, inactive) holds its address for nobody: a new
sign-up with the same address replaces its password and sends a new link, and a confirmed account taking the
address by a change of address removes it. Only who reads the mailbox can turn an account on.
"""

import logging

from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from accounts import languages, links
from accounts.models import SignUp

logger = logging.getLogger(__name__)


def normalize_email(email: str) -> str:
    # Lower-cased whole: mailboxes are case-insensitive in practice, and the login must be one string per person
    # (django-axes counts failures per login as typed).
    return email.strip().lower()


def pending_accounts():
    """Accounts opened on the site whose address is not confirmed yet."""
    return get_user_model().objects.filter(is_active=False, signup__isnull=False, signup__confirmed_at=None)


def accounts_with_address(email: str):
    return get_user_model().objects.filter(Q(username__iexact=email) | Q(email__iexact=email))


def address_taken(email: str, *, exclude=None) -> bool:
    """Whether a real account (not one waiting for its confirmation) uses `email` as address or login."""
    others = accounts_with_address(email).filter(
        Q(is_active=True) | Q(signup__isnull=True) | Q(signup__confirmed_at__isnull=False)
    )
    if exclude is not None:
        others = others.exclude(pk=exclude.pk)
    return others.exists()


def sign_up(*, request, email: str, password: str) -> None:
    """Open an account waiting for its confirmation and send the link; or tell the address it has one."""
    email = normalize_email(email)
    if address_taken(email):
        send_text_email(request=request, to=email, template="signup_existing")
        return
    user = pending_accounts().filter(username=email).first()
    try:
        with transaction.atomic():
            if user is not None:
                user.set_password(password)  # voids the links sent before: their fingerprint has the hash
                user.save(update_fields=["password"])
            else:
                user = get_user_model().objects.create_user(
                    username=email, email=email, password=password, is_active=False
                )
                SignUp.objects.create(user=user)
            # The emails others' actions send them later are written in the language they signed up in.
            languages.remember(user, translation.get_language())
    except IntegrityError:
        # The same address signed up at the same moment: the other request sends its link.
        logger.info("Concurrent sign-ups with one address: one kept.")
        return
    send_sign_up_link(request=request, user=user)


def send_sign_up_link(*, request, user) -> None:
    url = request.build_absolute_uri(reverse("accounts:signup-confirm", args=[links.sign_up_token(user)]))
    send_text_email(request=request, to=user.email, template="signup_confirm", context={"confirm_url": url})


def resend_sign_up_link(*, request, email: str) -> None:
    """A new link for an account waiting for its confirmation; nothing for any other address."""
    user = pending_accounts().filter(username=normalize_email(email)).first()
    if user is not None:
        send_sign_up_link(request=request, user=user)


def confirm_sign_up(*, user) -> bool:
    """Turn the account on. False when its address was taken meanwhile by another account."""
    with transaction.atomic():
        user = get_user_model().objects.select_for_update().get(pk=user.pk)
        if address_taken(user.email, exclude=user):
            return False
        user.is_active = True
        user.save(update_fields=["is_active"])
        SignUp.objects.filter(user=user).update(confirmed_at=timezone.now())
    return True


def request_email_change(*, request, user, new_email: str) -> None:
    """Send the link that makes `new_email` the account's address, to that address only."""
    new_email = normalize_email(new_email)
    if address_taken(new_email, exclude=user):
        send_text_email(request=request, to=new_email, template="email_change_taken")
        return
    token = links.email_change_token(user, new_email)
    url = request.build_absolute_uri(reverse("accounts:email-change-confirm", args=[token]))
    send_text_email(
        request=request,
        to=new_email,
        template="email_change_confirm",
        context={"confirm_url": url, "user": user},
    )


def change_email(*, request, user, new_email: str) -> bool:
    """Make `new_email` the account's address (and its login, when the old address was), and tell the old
    address. False when another account took the address meanwhile."""
    with transaction.atomic():
        user = get_user_model().objects.select_for_update().get(pk=user.pk)
        if address_taken(new_email, exclude=user):
            return False
        # A sign-up never confirmed held the address for nobody: whoever reads the mailbox just proved it is theirs.
        pending_accounts().filter(Q(username__iexact=new_email) | Q(email__iexact=new_email)).exclude(
            pk=user.pk
        ).delete()
        old_email = user.email
        user.email = new_email
        if user.username.lower() == old_email.lower():
            user.username = new_email
        user.save(update_fields=["email", "username"])
    if old_email:
        send_text_email(
            request=request, to=old_email, template="email_changed", context={"new_email": new_email}
        )
    return True


def notify_password_changed(*, request, user) -> None:
    if user.email:
        send_text_email(request=request, to=user.email, template="password_changed")


def send_text_email(*, request, to: str, template: str, context: dict | None = None) -> None:
    """A plain-text French email from templates/accounts/emails/<template>.txt and <template>_subject.txt,
    with the site's address as this request reached it."""
    context = {"site_url": request.build_absolute_uri("/").rstrip("/"), "email": to, **(context or {})}
    subject = " ".join(render_to_string(f"accounts/emails/{template}_subject.txt", context).split())
    body = render_to_string(f"accounts/emails/{template}.txt", context)
    send_mail(subject, body, None, [to])
