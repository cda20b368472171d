"""Who acts for a structure: members (people with an account) and the structure's API tokens.

A token belongs to a structure, not to a person: a partner's information system keeps working when the
colleague who created the token leaves. The token's key is shown once, when it is created; only its SHA-256
digest is stored (a 256-bit random key needs no slow hash), so a database leak gives no usable key.
"""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

KEY_PREFIX = "incl_"
# The start of the key shown in lists, so people can tell their tokens apart without seeing the secret.
VISIBLE_CHARACTERS = 12


class Membership(models.Model):
    """A person who acts for a structure: registers and updates its places, manages its API tokens."""

    class Role(models.TextChoices):
        ADMIN = "admin", _("Administrateur de la structure")
        EDITOR = "editor", _("Contributeur")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    structure = models.ForeignKey("places.Structure", on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("rôle"), max_length=16, choices=Role.choices, default=Role.EDITOR)
    created_at = models.DateTimeField(_("depuis le"), auto_now_add=True)

    class Meta:
        verbose_name = _("membre d'une structure")
        verbose_name_plural = _("membres des structures")
        constraints = [models.UniqueConstraint(fields=["user", "structure"], name="unique_membership")]

    def __str__(self):
        return f"{self.user} → {self.structure}"


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


def digest_of(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def new_key() -> str:
    return KEY_PREFIX + secrets.token_urlsafe(32)


class ApiToken(models.Model):
    """A structure's key to the API's write endpoints (`Authorization: Bearer <key>`)."""

    # PROTECT: a token says who could write for the structure, until when; it outlives nothing it proves.
    structure = models.ForeignKey(
        "places.Structure", on_delete=models.PROTECT, related_name="api_tokens", verbose_name=_("structure")
    )
    name = models.CharField(
        _("nom"), max_length=100, help_text=_("À quoi sert ce jeton, par exemple « Logiciel de gestion »")
    )
    prefix = models.CharField(_("début de la clé"), max_length=VISIBLE_CHARACTERS, editable=False)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="api_tokens",
        verbose_name=_("créé par"),
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("dernière utilisation"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("révoqué le"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("révoqué par"),
    )

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("jeton d'API")
        verbose_name_plural = _("jetons d'API")

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    def set_key(self, key: str) -> None:
        self.prefix = key[:VISIBLE_CHARACTERS]
        self.digest = digest_of(key)

    def revoke(self, *, by=None) -> None:
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.revoked_by = by
            self.save(update_fields=["revoked_at", "revoked_by"])


class SignUp(models.Model):
    """An account a person opened on the site: it cannot log in until the link sent to its address is opened.

    Kept apart from `is_active` so that an account an operator deactivated never counts as waiting for its
    confirmation: a new link (accounts/signups.py) would otherwise switch it back on.
    """

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="signup")
    created_at = models.DateTimeField(_("inscrit le"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("adresse confirmée le"), null=True, blank=True)

    class Meta:
        verbose_name = _("inscription")
        verbose_name_plural = _("inscriptions")

    def __str__(self):
        return str(self.user)

    @property
    def is_pending(self) -> bool:
        return self.confirmed_at is None


class LanguagePreference(models.Model):
    """The language a person reads the site in, for the emails others' actions send them (accounts/languages.py).

    Written when they sign up and when they use the header's switch while logged in; without it, French."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="language")
    language = models.CharField(_("langue"), max_length=16)

    class Meta:
        verbose_name = _("langue préférée")
        verbose_name_plural = _("langues préférées")

    def __str__(self):
        return f"{self.user}: {self.language}"


class JoinRequest(models.Model):
    """A person asks to join a structure already in the directory (its SIRET or RNA was already registered).

    The structure's administrators decide; a structure without an administrator (imported) is left to the
    moderators. Kept once decided: it says who let whom act for the structure, and when.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("En attente")
        ACCEPTED = "accepted", _("Acceptée")
        REFUSED = "refused", _("Refusée")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="join_requests",
        verbose_name=_("demandeur"),
    )
    structure = models.ForeignKey(
        "places.Structure",
        on_delete=models.CASCADE,
        related_name="join_requests",
        verbose_name=_("structure"),
    )
    status = models.CharField(
        _("statut"), max_length=16, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    message = models.TextField(_("message du demandeur"), max_length=2000, blank=True)
    answer = models.TextField(_("réponse"), max_length=2000, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("décidée par"),
    )
    decided_at = models.DateTimeField(_("décidée le"), null=True, blank=True)
    created_at = models.DateTimeField(_("demandée le"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("demande pour rejoindre une structure")
        verbose_name_plural = _("demandes pour rejoindre une structure")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "structure"],
                condition=models.Q(status="pending"),
                name="one_pending_join_request",
            )
        ]

    def __str__(self):
        return f"{self.user} → {self.structure} ({self.get_status_display()})"

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING
