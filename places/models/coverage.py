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


class TerritoryCoverage(models.Model):
    """The people of France, of a région, a département or an EPCI, and how many live within 5, 10 and 20 km
    of a help point of a coverage kind: the sums of CommuneCoverage, stored by the same run.

    Pages and the API read one row instead of summing tens of thousands of communes per request.
    """

    class Territory(models.TextChoices):
        FRANCE = "france", _("France")
        REGION = "region", _("région")
        DEPARTEMENT = "departement", _("département")
        EPCI = "epci", _("EPCI")

    kind = models.CharField(_("type de lieu"), max_length=32)
    territory = models.CharField(_("territoire"), max_length=12, choices=Territory.choices)
    code = models.CharField(_("code"), max_length=9, blank=True)  # "" for France
    population = models.PositiveBigIntegerField(_("population"))
    within_5_km = models.PositiveBigIntegerField(_("à moins de 5 km"))
    within_10_km = models.PositiveBigIntegerField(_("à moins de 10 km"))
    within_20_km = models.PositiveBigIntegerField(_("à moins de 20 km"))
    computed_at = models.DateTimeField(_("calculé le"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "territory", "code"], name="unique_territory_coverage")
        ]
        verbose_name = _("couverture d'un territoire")
        verbose_name_plural = _("couverture des territoires")

    def __str__(self):
        return f"{self.territory} {self.code} {self.kind}: {self.within_10_km}/{self.population}"
