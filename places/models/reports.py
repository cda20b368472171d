"""What the public tells moderators: "Signaler une erreur" on a place page (no account needed)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ErrorReport(models.Model):
    class Kind(models.TextChoices):
        CLOSED = "ferme", _("Le lieu a fermé ou déménagé")
        HOURS = "horaires", _("Les horaires sont faux")
        CONTACT = "contact", _("Le téléphone, le courriel ou le site est faux")
        ADDRESS = "adresse", _("L'adresse ou la position sur la carte est fausse")
        SERVICES = "services", _("Les services proposés sont faux")
        OTHER = "autre", _("Autre chose")

    class Status(models.TextChoices):
        NEW = "new", _("À traiter")
        DONE = "done", _("Traité")
        DISMISSED = "dismissed", _("Écarté")

    # PROTECT: what the public said stays with the place it was about (a place is archived, not deleted).
    place = models.ForeignKey("places.Place", on_delete=models.PROTECT, related_name="error_reports")
    kind = models.CharField(_("problème"), max_length=16, choices=Kind.choices)
    message = models.TextField(_("précisions"), max_length=2000, blank=True)
    email = models.EmailField(_("courriel pour vous répondre"), blank=True)
    status = models.CharField(
        _("statut"), max_length=16, choices=Status.choices, default=Status.NEW, db_index=True
    )
    created_at = models.DateTimeField(_("reçu le"), auto_now_add=True)
    # The admin's "delete" archives: the report leaves the moderators' lists and stays as a record.
    archived_at = models.DateTimeField(_("archivé le"), null=True, blank=True, db_index=True)
    # A moderator's decision on the site's queue (places.moderation): who, when, and what they found.
    decided_at = models.DateTimeField(_("traité le"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("traité par"),
    )
    decision_message = models.TextField(_("message du modérateur"), max_length=2000, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("signalement d'erreur")
        verbose_name_plural = _("signalements d'erreur")

    def __str__(self):
        return f"{self.place} — {self.get_kind_display()}"
