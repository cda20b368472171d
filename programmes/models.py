"""National programmes that fund or label places (plans, AMI, AAP, labels, dispositifs) and the supports
that link a programme to a structure and/or a place."""

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from places.vocabularies import Dispositif, FormationLabel


class Programme(models.Model):
    class Kind(models.TextChoices):
        PLAN = "plan", _("Plan")
        AMI = "ami", _("Appel à manifestation d'intérêt (AMI)")
        AAP = "aap", _("Appel à projets (AAP)")
        LABEL = "label", _("Label")
        DISPOSITIF = "dispositif", _("Dispositif")
        STRATEGY = "strategie", _("Stratégie")

    slug = models.SlugField(_("identifiant"), max_length=80, unique=True)
    name = models.CharField(_("nom"), max_length=255)
    kind = models.CharField(_("nature"), max_length=16, choices=Kind.choices)
    operator = models.CharField(
        _("opérateur"), max_length=255, blank=True, help_text=_("Qui le met en œuvre.")
    )
    funder = models.CharField(_("financeur"), max_length=255, blank=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("programme parent"),
    )
    budget_eur = models.DecimalField(_("budget (€)"), max_digits=15, decimal_places=0, null=True, blank=True)
    budget_note = models.CharField(_("précision sur le budget"), max_length=255, blank=True)
    announced_on = models.DateField(_("annoncé le"), null=True, blank=True)
    starts_on = models.DateField(_("début"), null=True, blank=True)
    ends_on = models.DateField(_("fin"), null=True, blank=True)
    application_deadline = models.DateField(_("date limite de candidature"), null=True, blank=True)
    eligibility = models.TextField(_("éligibilité"), blank=True)
    description = models.TextField(_("description"), blank=True)
    url = models.URLField(_("site"), max_length=500, blank=True)
    # The value of the national standard that marks a place as part of this programme, if any.
    dispositif = models.CharField(
        _("dispositif du standard"), max_length=64, choices=Dispositif.choices, blank=True
    )
    formation_label = models.CharField(
        _("label du standard"), max_length=64, choices=FormationLabel.choices, blank=True
    )
    sources = models.TextField(_("sources"), blank=True, help_text=_("D'où viennent les chiffres cités."))

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")

    def __str__(self):
        return self.name


class Target(models.Model):
    """A quantified goal of a programme ("300 fabriques by 2022, 150 of them in QPV")."""

    class Metric(models.TextChoices):
        PLACES = "places", _("lieux")
        PLACES_QPV = "places-qpv", _("lieux en quartier prioritaire (QPV)")
        PLACES_RURAL = "places-rural", _("lieux en zone rurale")
        STRUCTURES = "structures", _("structures")
        CONSEILLERS = "conseillers", _("conseillers numériques")
        BUSES = "bus", _("bus itinérants")
        PEOPLE = "people", _("personnes")
        TRAVEL_MINUTES = "minutes", _("minutes de trajet au plus")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="targets")
    metric = models.CharField(_("mesure"), max_length=16, choices=Metric.choices)
    value = models.PositiveIntegerField(_("valeur"))
    by_date = models.DateField(_("échéance"), null=True, blank=True)
    label = models.CharField(_("libellé"), max_length=255)

    class Meta:
        ordering = ["programme", "metric", "by_date"]
        verbose_name = _("objectif")
        verbose_name_plural = _("objectifs")

    def __str__(self):
        return self.label


class CurrentSupportManager(models.Manager):
    def get_queryset(self):
        return super().get_queryset().filter(archived_at__isnull=True)


class Support(models.Model):
    """A programme's support to a structure and/or a place: candidacy, label, funding…"""

    class Status(models.TextChoices):
        CANDIDATE = "candidate", _("Candidat")
        LAUREATE = "laureate", _("Lauréat")
        LABELLED = "labelled", _("Labellisé")
        FUNDED = "funded", _("Financé")
        ENDED = "ended", _("Terminé")
        REJECTED = "rejected", _("Non retenu")

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="supports")
    # PROTECT: a support is a record of public money; it is archived, never deleted with what it funded.
    structure = models.ForeignKey(
        "places.Structure", on_delete=models.PROTECT, null=True, blank=True, related_name="supports"
    )
    place = models.ForeignKey(
        "places.Place", on_delete=models.PROTECT, null=True, blank=True, related_name="supports"
    )
    status = models.CharField(_("statut"), max_length=16, choices=Status.choices, default=Status.CANDIDATE)
    amount_eur = models.DecimalField(
        _("montant (€)"),
        max_digits=12,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[MinValueValidator(0, _("Un montant ne peut pas être négatif."))],
    )
    starts_on = models.DateField(_("début"), null=True, blank=True)
    ends_on = models.DateField(_("fin"), null=True, blank=True)
    wave = models.CharField(_("vague"), max_length=64, blank=True)
    conseillers_count = models.PositiveSmallIntegerField(
        _("conseillers numériques financés"), null=True, blank=True
    )
    note = models.TextField(_("remarque"), blank=True)
    origin = models.CharField(_("origine"), max_length=64, blank=True, db_index=True)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)
    # The admin's "delete" archives: an archived support leaves the pages and the API and stays as a record.
    archived_at = models.DateTimeField(_("archivé le"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])
    # The first manager: what pages, the API and `structure.supports` see. Archived ones too: `_base_manager`.
    objects = CurrentSupportManager()

    class Meta:
        ordering = ["programme", "-starts_on", "pk"]
        verbose_name = _("soutien")
        verbose_name_plural = _("soutiens")
        constraints = [
            models.CheckConstraint(
                condition=Q(structure__isnull=False) | Q(place__isnull=False),
                name="support_has_structure_or_place",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="support_period_in_order",
            ),
        ]

    def __str__(self):
        return f"{self.programme} → {self.place or self.structure}"
