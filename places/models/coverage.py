"""How far each commune's centre is from the nearest help point of a kind (places.coverage computes it)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CommuneCoverage(models.Model):
    """One commune, one coverage kind: the great-circle distance to the nearest published place or stop.

    Rewritten as a whole by `manage.py compute_coverage` (after each import): a figure, not a live read.
    """

    commune = models.ForeignKey("places.Commune", on_delete=models.CASCADE, related_name="coverage")
    kind = models.CharField(_("type de lieu"), max_length=32)
    # None when no place of this kind has coordinates anywhere.
    distance_km = models.FloatField(_("distance à vol d'oiseau (km)"), null=True)
    nearest_place = models.ForeignKey(
        "places.Place", on_delete=models.SET_NULL, null=True, related_name="+", db_constraint=False
    )
    computed_at = models.DateTimeField(_("calculé le"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["commune", "kind"], name="unique_commune_coverage_kind")
        ]
        indexes = [models.Index(fields=["kind", "distance_km"], name="coverage_kind_distance")]
        verbose_name = _("couverture d'une commune")
        verbose_name_plural = _("couverture des communes")

    def __str__(self):
        return f"{self.commune_id} {self.kind}: {self.distance_km} km"
