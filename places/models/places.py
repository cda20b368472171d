"""The place (lieu de médiation numérique): the 32 fields of the national standard v1.0.2, plus what the
directory needs (publication status, where the record came from, the commune it is in, stops for buses).

Field names are English; `places/standard.py` maps each one to the standard's column name. The standard's
multi-valued vocabularies live in `PlaceTag` rows (one row per value) so that filters are indexed EXISTS
queries that run the same on SQLite and PostgreSQL.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from places import versioning, vocabularies
from places.hours import validate_opening_hours
from places.querysets import PlaceQuerySet, StopQuerySet
from places.text import normalize
from places.vocabularies import Vocabulary

PHONE_PATTERN = r"^(\+33|\+590|\+594|\+262|\+596|\+269|\+687|\+689|\+508|\+681)\d{6,9}$"
validate_phone = RegexValidator(
    PHONE_PATTERN, _("Numéro au format international sans espace, par exemple +33180059880.")
)
validate_postcode = RegexValidator(r"^\d{5}$", _("Le code postal compte 5 chiffres."))
validate_pivot = RegexValidator(
    r"^[a-zA-Z0-9]{9,14}$", _("SIRET (14 chiffres), RNA (W + 9 caractères) ou RIDET, sans espace.")
)
latitude_validators = [MinValueValidator(-90), MaxValueValidator(90)]
longitude_validators = [MinValueValidator(-180), MaxValueValidator(180)]


class TagList:
    """Read access to one vocabulary of a place, as a list of stored values in the standard's order.

    Reads the place's `tags` (prefetch them with `.with_tags()` when listing many places).
    """

    def __init__(self, vocabulary: str):
        self.vocabulary = vocabulary

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        if instance.pk is None:
            return []
        values = [tag.value for tag in instance.tags.all() if tag.vocabulary == self.vocabulary]
        return vocabularies.in_order(self.vocabulary, values)


class TagSnapshot(models.Model):
    """What a version of a place held in the standard's lists (services, publics…): tags are rows of their
    own, outside simple-history; `write_place` records them on the version it writes (places.history), so
    that the history shows and restores them. None on versions written elsewhere (imports, admin)."""

    tag_snapshot = models.JSONField(null=True, blank=True, editable=False)

    class Meta:
        abstract = True


class Place(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Brouillon")
        SUBMITTED = "submitted", _("Soumis à modération")
        PUBLISHED = "published", _("Publié")
        ARCHIVED = "archived", _("Archivé")

    # Where the record comes from: an import source ("hub-du-sud"), "synthetic", "web"… and its id there.
    # Re-imports upsert on (origin, origin_id).
    origin = models.CharField(_("origine"), max_length=64, db_index=True)
    origin_id = models.CharField(_("identifiant dans l'origine"), max_length=255)
    status = models.CharField(
        _("statut"), max_length=16, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    structure = models.ForeignKey(
        "places.Structure",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="places",
        verbose_name=_("structure porteuse"),
    )

    # --- The national standard (column name in comments where it differs) ---
    pivot = models.CharField(
        _("SIRET, RNA ou RIDET"), max_length=14, blank=True, validators=[validate_pivot], db_index=True
    )
    name = models.CharField(_("nom"), max_length=255)  # nom
    commune_name = models.CharField(_("commune (telle que saisie)"), max_length=100)  # commune
    postcode = models.CharField(_("code postal"), max_length=5, validators=[validate_postcode])
    # code_insee is the commune's primary key.
    commune = models.ForeignKey(
        "places.Commune", on_delete=models.PROTECT, null=True, blank=True, related_name="places"
    )
    address = models.CharField(_("adresse"), max_length=255)  # adresse
    address_complement = models.CharField(_("complément d'adresse"), max_length=255, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True, validators=latitude_validators)
    longitude = models.FloatField(_("longitude"), null=True, blank=True, validators=longitude_validators)
    # True when the coordinates are the commune centre (the source gave none), not the place itself.
    coordinates_approximate = models.BooleanField(_("coordonnées approximatives"), default=False)
    phone = models.CharField(_("téléphone"), max_length=16, blank=True, validators=[validate_phone])
    emails = models.JSONField(_("courriels"), default=list, blank=True)  # courriels
    websites = models.JSONField(_("sites web"), default=list, blank=True)  # site_web
    opening_hours = models.TextField(
        _("horaires (format OpenStreetMap)"), blank=True, validators=[validate_opening_hours]
    )  # horaires
    # What the source said of the hours that OSM rules cannot say, or that could not be read ("sur rendez-vous",
    # "le premier samedi du mois"): shown beside the hours, never lost. Not a column of the standard.
    opening_hours_note = models.TextField(_("précisions sur les horaires"), blank=True)
    summary = models.CharField(_("présentation résumée"), max_length=280, blank=True)  # presentation_resume
    description = models.TextField(_("présentation détaillée"), blank=True)  # presentation_detail
    source = models.CharField(_("structure collectant la donnée"), max_length=255, blank=True)
    parent_structure_name = models.CharField(_("structure parente"), max_length=255, blank=True)
    # date_maj; None when the source gave none or a placeholder (1970-01-01).
    updated_on = models.DateField(_("date de mise à jour de la donnée"), null=True, blank=True)
    other_labels = models.JSONField(_("autres formations et labels"), default=list, blank=True)
    acceslibre_url = models.URLField(_("fiche Accès libre"), max_length=500, blank=True)  # fiche_acces_libre
    booking_url = models.URLField(_("prise de rendez-vous"), max_length=500, blank=True)  # prise_rdv

    # A probable duplicate of a place from another source (same SIRET, same name within 50 m, or same
    # address): kept for moderators, left out of exports and listings in favour of `duplicate_of`.
    duplicate_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="duplicates",
        verbose_name=_("doublon probable de"),
    )
    duplicate_reason = models.CharField(_("raison du rapprochement"), max_length=255, blank=True)
    # The moderator's message on the last decision about a submitted place (published or sent back): shown to
    # the structure's members in "Mon espace".
    moderation_note = models.TextField(_("message du modérateur"), max_length=2000, blank=True)

    # Normalised name and presentations (places.text.normalize) for accent-insensitive text search.
    search_text = models.TextField(editable=False, blank=True)
    # One more at each write of the place (its values, tags or stops): a form or an API client that read
    # version N may only write over version N (places.concurrency), so no edit silently undoes another.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    # Closed for good by its structure or a moderator: archived, kept, its page says since when.
    closed_on = models.DateField(_("fermé le"), null=True, blank=True)
    # Fields the place's structure set itself (site forms, API) after its source's last import: a re-import keeps
    # the structure's values there and reports the conflict (places/importer.py).
    edited_fields = models.JSONField(_("champs modifiés par la structure"), default=list, blank=True)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True, db_index=True)

    history = HistoricalRecords(
        excluded_fields=["search_text", "created_at", "updated_at"], bases=[TagSnapshot]
    )
    objects = PlaceQuerySet.as_manager()

    typologie = TagList(Vocabulary.TYPOLOGIE)
    services = TagList(Vocabulary.SERVICES)
    publics = TagList(Vocabulary.PUBLICS)
    prise_en_charge = TagList(Vocabulary.PRISE_EN_CHARGE)
    frais = TagList(Vocabulary.FRAIS)
    itinerance = TagList(Vocabulary.ITINERANCE)
    modalites_acces = TagList(Vocabulary.MODALITES_ACCES)
    modalites_accompagnement = TagList(Vocabulary.MODALITES_ACCOMPAGNEMENT)
    dispositifs = TagList(Vocabulary.DISPOSITIFS)
    formations_labels = TagList(Vocabulary.FORMATIONS_LABELS)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("lieu")
        verbose_name_plural = _("lieux")
        constraints = [
            models.UniqueConstraint(fields=["origin", "origin_id"], name="unique_place_origin_id"),
            models.CheckConstraint(
                condition=models.Q(latitude__isnull=True, longitude__isnull=True)
                | models.Q(latitude__isnull=False, longitude__isnull=False),
                name="place_coordinates_both_or_none",
            ),
        ]
        indexes = [
            # The search index's refresh reads (id, updated_at) of the published places.
            models.Index(fields=["status", "updated_at", "id"], name="place_status_updated"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.search_text = self.build_search_text()
        if not self._state.adding:
            self.version += 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "version", "search_text"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        """The place's page, its name in the address for people and search engines."""
        return reverse("places:detail", kwargs={"pk": self.pk, "slug": self.slug})

    @property
    def slug(self) -> str:
        return slugify(self.name)[:80] or "lieu"

    def build_search_text(self) -> str:
        return normalize(" ".join([self.name, self.summary, self.description, self.commune_name]))

    def clean(self):
        super().clean()
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError(_("Donnez la latitude et la longitude, ou aucune des deux."))

    @property
    def code_insee(self) -> str:
        return self.commune_id or ""

    def set_tags(self, vocabulary: str, values) -> None:
        """Replace this place's values for one vocabulary (writes only what changed). A change dates the place:
        API clients pulling `updated_since` and the search index see it."""
        wanted = set(values)
        current = {tag.value: tag for tag in self.tags.filter(vocabulary=vocabulary)}
        stale = [tag.pk for value, tag in current.items() if value not in wanted]
        if stale:
            PlaceTag.objects.filter(pk__in=stale).delete()
        PlaceTag.objects.bulk_create(
            [PlaceTag(place=self, vocabulary=vocabulary, value=value) for value in wanted - current.keys()]
        )
        if stale or wanted - current.keys():
            self.updated_at = timezone.now()
            self.version += 1
            Place.objects.filter(pk=self.pk).update(updated_at=self.updated_at, version=F("version") + 1)
            versioning.bump()
        if hasattr(self, "_prefetched_objects_cache"):
            self._prefetched_objects_cache.pop("tags", None)


class PlaceTag(models.Model):
    """One value of one multi-valued vocabulary of a place (services, publics, frais…)."""

    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="tags")
    vocabulary = models.CharField(max_length=32, choices=Vocabulary.choices)
    value = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["place", "vocabulary", "value"], name="unique_place_tag"),
        ]
        indexes = [
            # "Places with this value": the search index reads the tags so, and the admin filters so.
            models.Index(fields=["vocabulary", "value", "place"], name="placetag_value_place"),
        ]

    def __str__(self):
        return f"{self.vocabulary}={self.value}"

    @property
    def label(self) -> str:
        return vocabularies.label_of(self.vocabulary, self.value)


class WeeklyOpening(models.Model):
    """One opening interval of a usual week, read from the place's OSM hours (places.hours.weekly_intervals).

    Derived from `opening_hours` once, when the hours are written, so that the search index (places.search)
    reads "open now" and "open on Saturday" without parsing 100,000 rules; the place page reads the OSM rule
    itself (public holidays, seasons). Rewritten by `places.services.refresh_openings`
    wherever hours are written (forms, importer, generator).
    """

    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="openings")
    weekday = models.PositiveSmallIntegerField()  # 0 = Monday
    opens = models.PositiveSmallIntegerField()  # minutes since midnight
    closes = models.PositiveSmallIntegerField()  # minutes since midnight, up to 1440

    def __str__(self):
        return f"{self.weekday} {self.opens}-{self.closes}"


class Stop(models.Model):
    """A stop of an itinerant place (a bus France Services): its own address, coordinates and hours."""

    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="stops")
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)
    name = models.CharField(_("nom de l'arrêt"), max_length=255, blank=True)
    address = models.CharField(_("adresse"), max_length=255)
    postcode = models.CharField(_("code postal"), max_length=5, blank=True, validators=[validate_postcode])
    commune_name = models.CharField(_("commune"), max_length=100, blank=True)
    commune = models.ForeignKey(
        "places.Commune", on_delete=models.PROTECT, null=True, blank=True, related_name="stops"
    )
    latitude = models.FloatField(_("latitude"), validators=latitude_validators)
    longitude = models.FloatField(_("longitude"), validators=longitude_validators)
    opening_hours = models.TextField(
        _("horaires (format OpenStreetMap)"), blank=True, validators=[validate_opening_hours]
    )
    note = models.CharField(_("précision"), max_length=255, blank=True)

    objects = StopQuerySet.as_manager()

    class Meta:
        ordering = ["place", "position", "pk"]
        verbose_name = _("arrêt")
        verbose_name_plural = _("arrêts")

    def __str__(self):
        return self.name or self.address
