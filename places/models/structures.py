"""Structures (porteurs): the organisations that run places, and hubs numériques that coordinate them."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from localflavor.fr.models import FRRNAField, FRSIRETField
from simple_history.models import HistoricalRecords

from places.querysets import StructureQuerySet


class Structure(models.Model):
    class Kind(models.TextChoices):
        COMMUNE = "commune", _("Commune")
        EPCI = "epci", _("EPCI (intercommunalité)")
        DEPARTEMENT = "departement", _("Département")
        REGION = "region", _("Région")
        CCAS_CIAS = "ccas-cias", _("CCAS / CIAS")
        ASSOCIATION = "association", _("Association")
        ETAT = "etat", _("État")
        LA_POSTE = "la-poste", _("Groupe La Poste")
        MSA = "msa", _("MSA (Mutualité sociale agricole)")
        OTHER_PUBLIC = "autre-public", _("Autre opérateur public")
        COMPANY = "entreprise", _("Entreprise")
        OTHER = "autre", _("Autre")

    name = models.CharField(_("nom"), max_length=255)
    kind = models.CharField(_("nature"), max_length=16, choices=Kind.choices, default=Kind.OTHER)
    siret = FRSIRETField(_("SIRET"), blank=True, db_index=True)
    rna = FRRNAField(_("RNA"), blank=True, help_text=_("Numéro d'association (W suivi de 9 chiffres)."))
    commune = models.ForeignKey(
        "places.Commune", on_delete=models.SET_NULL, null=True, blank=True, related_name="structures"
    )
    address = models.CharField(_("adresse"), max_length=255, blank=True)
    email = models.EmailField(_("courriel"), blank=True)
    phone = models.CharField(_("téléphone"), max_length=20, blank=True)
    website = models.URLField(_("site web"), max_length=500, blank=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("structure parente"),
        help_text=_("Réseau ou organisation dont la structure dépend (ex. la commune d'un CCAS)."),
    )
    # A hub numérique is a structure that coordinates member structures on a territory.
    is_hub = models.BooleanField(_("hub numérique"), default=False)
    # Set by a moderator: the structure's new places and changes are published without waiting for review.
    is_trusted = models.BooleanField(
        _("publie sans modération"),
        default=False,
        help_text=_("Ses nouveaux lieux et ses modifications sont publiés sans attendre un modérateur."),
    )
    hub = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
        limit_choices_to={"is_hub": True},
        verbose_name=_("hub de rattachement"),
    )
    hub_regions = models.ManyToManyField(
        "places.Region", blank=True, related_name="hubs", verbose_name=_("régions coordonnées")
    )
    hub_departements = models.ManyToManyField(
        "places.Departement", blank=True, related_name="hubs", verbose_name=_("départements coordonnés")
    )
    origin = models.CharField(_("origine"), max_length=64, blank=True, db_index=True)
    origin_id = models.CharField(_("identifiant dans l'origine"), max_length=255, blank=True)
    # Declared on the site by a person (accounts.structures.register_structure), who became its administrator;
    # until a moderator checks that the person really acts for it (verified_at), it is flagged to moderators.
    # Imported structures and those created in the admin have no registered_by: nothing to verify.
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("déclarée par"),
    )
    verified_at = models.DateTimeField(_("vérifiée le"), null=True, blank=True)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)
    # One more at each save: a form that read version N may only save over version N (places.concurrency).
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])
    objects = StructureQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("structure")
        verbose_name_plural = _("structures")
        constraints = [
            models.UniqueConstraint(
                fields=["origin", "origin_id"],
                condition=~models.Q(origin_id=""),
                name="unique_structure_origin_id",
            )
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self._state.adding:
            self.version += 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
        super().save(*args, **kwargs)
