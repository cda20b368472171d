"""Territories of the Code officiel géographique (COG 2025): régions, départements, EPCI, communes.

Primary keys are the official codes, so a place's `commune_id` *is* its INSEE code. Loaded by
`manage.py load_gazetteer` from places/data/ (see scripts/build_gazetteer.py for how those files are made).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from places.querysets import CommuneQuerySet

RURAL_DENSITY_LEVELS = (5, 6, 7)  # INSEE's 7-level density grid counts levels 5–7 as rural


class Region(models.Model):
    code = models.CharField(_("code"), max_length=3, primary_key=True)
    name = models.CharField(_("nom"), max_length=100)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("région")
        verbose_name_plural = _("régions")

    def __str__(self):
        return self.name


class Departement(models.Model):
    code = models.CharField(_("code"), max_length=3, primary_key=True)
    name = models.CharField(_("nom"), max_length=100)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="departements", null=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("département")
        verbose_name_plural = _("départements")

    def __str__(self):
        return f"{self.name} ({self.code})"


class Epci(models.Model):
    """Établissement public de coopération intercommunale à fiscalité propre (CC, CA, CU, métropole)."""

    code = models.CharField(_("SIREN"), max_length=9, primary_key=True)
    name = models.CharField(_("nom"), max_length=200)
    kind = models.CharField(_("nature"), max_length=10)  # CC, CA, CU, METRO, MET69

    class Meta:
        ordering = ["name"]
        verbose_name = _("EPCI")
        verbose_name_plural = _("EPCI")

    def __str__(self):
        return self.name


class Commune(models.Model):
    class Kind(models.TextChoices):
        COMMUNE = "commune", _("commune")
        ARRONDISSEMENT = "arrondissement", _("arrondissement municipal")
        DELEGUEE = "deleguee", _("commune déléguée")
        ASSOCIEE = "associee", _("commune associée")

    class CoordinatesSource(models.TextChoices):
        COMMUNE = "commune", _("centre de la commune")
        CHEF_LIEU = "chef-lieu", _("centre de l'ancienne commune chef-lieu")
        ARRONDISSEMENTS = "arrondissements", _("moyenne des arrondissements")
        PARENT = "parent", _("centre de la commune de rattachement")
        PLACES = "places", _("moyenne des lieux connus dans la commune")
        TERRITORY = "territory", _("centre du territoire (approximatif)")

    code = models.CharField(_("code INSEE"), max_length=5, primary_key=True)
    name = models.CharField(_("nom"), max_length=100)
    # Normalised name without leading article (places.text.commune_key), indexed for exact and prefix lookups.
    search_name = models.CharField(max_length=100, db_index=True, editable=False)
    kind = models.CharField(_("type"), max_length=16, choices=Kind.choices, default=Kind.COMMUNE)
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        help_text=_("Pour un arrondissement ou une commune déléguée : la commune dont elle fait partie."),
    )
    departement = models.ForeignKey(Departement, on_delete=models.PROTECT, related_name="communes", null=True)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="communes", null=True)
    epci = models.ForeignKey(Epci, on_delete=models.SET_NULL, related_name="communes", null=True, blank=True)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    coordinates_source = models.CharField(max_length=16, choices=CoordinatesSource.choices, blank=True)
    density_level = models.PositiveSmallIntegerField(
        _("niveau de densité INSEE"),
        null=True,
        blank=True,
        help_text=_("Grille à 7 niveaux : 5 à 7 = rural."),
    )

    objects = CommuneQuerySet.as_manager()

    class Meta:
        ordering = ["name", "code"]
        verbose_name = _("commune")
        verbose_name_plural = _("communes")

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        """How pages and the API name a commune: "Montluçon (03)" (the département tells homonyms apart)."""
        return f"{self.name} ({self.departement_id})" if self.departement_id else self.name

    @property
    def is_rural(self) -> bool | None:
        if self.density_level is None:
            return None
        return self.density_level in RURAL_DENSITY_LEVELS


class CommunePostcode(models.Model):
    """One row per (postcode, commune): a postcode can serve several communes and a commune several postcodes."""

    postcode = models.CharField(_("code postal"), max_length=5, db_index=True)
    commune = models.ForeignKey(Commune, on_delete=models.CASCADE, related_name="postcode_rows")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["postcode", "commune"], name="unique_commune_postcode")
        ]

    def __str__(self):
        return f"{self.postcode} {self.commune.name}"
