"""Changes a structure proposed to one of its published places, waiting for a moderator.

A published place stays as citizens know it until a moderator applies the change: a partner's mistake never
reaches the public directory unchecked, and nothing a partner sent is lost (later proposals to the same place
are merged into the pending one, field by field).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PlaceChange(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("En attente de modération")
        APPLIED = "applied", _("Appliquée")
        REJECTED = "rejected", _("Refusée")

    # PROTECT: who proposed what, and who decided, stays with the place (a place is archived, not deleted).
    place = models.ForeignKey(
        "places.Place", on_delete=models.PROTECT, related_name="proposed_changes", verbose_name=_("lieu")
    )
    structure = models.ForeignKey(
        "places.Structure",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposed_changes",
        verbose_name=_("structure"),
    )
    # {"attributes": {Place attribute: value}, "tags": {vocabulary: [values]}}: only what was sent.
    values = models.JSONField(_("modifications proposées"), default=dict)
    status = models.CharField(
        _("statut"), max_length=16, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("proposée par"),
    )
    submitted_via = models.CharField(_("canal"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("proposée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)
    decided_at = models.DateTimeField(_("décidée le"), null=True, blank=True)
    # The admin's "delete" archives a decided change: it leaves the lists and stays as a record.
    archived_at = models.DateTimeField(_("archivée le"), null=True, blank=True, db_index=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("décidée par"),
    )
    # Why the moderator decided so: shown to the structure's members in "Mon espace".
    decision_message = models.TextField(_("message du modérateur"), max_length=2000, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("modification proposée")
        verbose_name_plural = _("modifications proposées")
        constraints = [
            # One pending change per place: new proposals merge into it.
            models.UniqueConstraint(
                fields=["place"], condition=models.Q(status="pending"), name="one_pending_change_per_place"
            )
        ]

    def __str__(self):
        return f"{self.place} — {self.get_status_display()}"

    @property
    def fields(self) -> list[str]:
        return [*self.values.get("attributes", {}), *self.values.get("tags", {})]


class PlaceClaim(models.Model):
    """A structure asks to run an imported place. The same SIRET as the place's is proof enough (claimed at once,
    places/claims.py); otherwise a moderator decides."""

    class Status(models.TextChoices):
        PENDING = "pending", _("En attente de modération")
        ACCEPTED = "accepted", _("Acceptée")
        REFUSED = "refused", _("Refusée")

    place = models.ForeignKey(
        "places.Place", on_delete=models.PROTECT, related_name="claims", verbose_name=_("lieu")
    )
    structure = models.ForeignKey(
        "places.Structure", on_delete=models.PROTECT, related_name="claims", verbose_name=_("structure")
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("demandée par"),
    )
    message = models.TextField(_("message du demandeur"), blank=True, max_length=2000)
    status = models.CharField(
        _("statut"), max_length=16, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    decision_message = models.TextField(_("message du modérateur"), blank=True)
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
        verbose_name = _("revendication d'un lieu")
        verbose_name_plural = _("revendications de lieux")
        constraints = [
            models.UniqueConstraint(
                fields=["place", "structure"], condition=models.Q(status="pending"), name="one_pending_claim"
            )
        ]

    def __str__(self):
        return f"{self.structure} → {self.place}"
