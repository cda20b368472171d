"""Reminders sent to a structure's members about their places to review (send_freshness_reminders)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class FreshnessReminder(models.Model):
    """One reminder email sent to one structure for one period ("2026-S2"): the command sends none twice
    for a period, however often it runs (a cron job may run it daily)."""

    structure = models.ForeignKey(
        "places.Structure",
        on_delete=models.CASCADE,
        related_name="freshness_reminders",
        verbose_name=_("structure"),
    )
    period = models.CharField(_("période"), max_length=16)
    sent_at = models.DateTimeField(_("envoyé le"), auto_now_add=True)
    place_count = models.PositiveIntegerField(_("lieux à vérifier"), default=0)
    recipients = models.JSONField(_("destinataires"), default=list, blank=True)

    class Meta:
        verbose_name = _("rappel de mise à jour")
        verbose_name_plural = _("rappels de mise à jour")
        ordering = ["-sent_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["structure", "period"], name="unique_freshness_reminder_period")
        ]

    def __str__(self):
        return f"{self.structure} — {self.period}"
