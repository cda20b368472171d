"""The admin of territories, structures, places and stops.

Sized for the whole country (100,000 places, 37,000 communes): every foreign key is an autocomplete field,
changelists select their related rows in the same query, and list filters only list small tables.
"""

from django.contrib import admin
from django.contrib.auth import get_permission_codename
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from inclusion.archiving import ARCHIVED_FILTER, ArchiveNotDeleteAdmin
from places import diffs
from places.concurrency import VersionCheckedForm
from places.forms import PlaceForm, StopForm
from places.freshness import Freshness
from places.models import (
    Commune,
    CommunePostcode,
    Departement,
    Epci,
    ErrorReport,
    FreshnessReminder,
    ModeratorScope,
    Place,
    PlaceChange,
    Region,
    Stop,
    Structure,
)
from places.text import commune_key
from places.vocabularies import CHOICES_OF, Vocabulary
from programmes.admin import SupportInline


def titled(filter_class, title):
    """A list filter with our own title: the default is the field's verbose_name, unaccented on some keys."""

    class TitledFilter(filter_class):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.title = title

    return TitledFilter


REGION_FILTER = titled(admin.RelatedFieldListFilter, _("région"))
DEPARTEMENT_FILTER = titled(admin.RelatedFieldListFilter, _("département"))


class AdministrationReasonMixin:
    """Versions written in the admin say so on the history page (places.history): "Administration"."""

    def save_model(self, request, obj, form, change):
        obj._change_reason = "Administration"
        super().save_model(request, obj, form, change)


class CodeReadOnlyOnChangeMixin:
    """Official codes are primary keys: editing one in the admin would create a copy, not rename the row."""

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        return [*readonly, "code"] if obj else readonly


GAZETTEER_NOTE = _(
    "Chargé depuis le Code officiel géographique par « manage.py load_gazetteer » : "
    "une modification faite ici sera remplacée au prochain chargement."
)


@admin.register(Region)
class RegionAdmin(CodeReadOnlyOnChangeMixin, admin.ModelAdmin):
    list_display = ["code", "name", "population"]
    search_fields = ["=code", "name"]


@admin.register(Departement)
class DepartementAdmin(CodeReadOnlyOnChangeMixin, admin.ModelAdmin):
    list_display = ["code", "name", "region", "population"]
    list_filter = ["region"]
    list_select_related = ["region"]
    search_fields = ["=code", "name"]
    autocomplete_fields = ["region"]


@admin.register(Epci)
class EpciAdmin(CodeReadOnlyOnChangeMixin, admin.ModelAdmin):
    list_display = ["code", "name", "kind"]
    list_filter = ["kind"]
    search_fields = ["=code", "name"]


class CommunePostcodeInline(admin.TabularInline):
    model = CommunePostcode
    extra = 0
    fields = ["postcode"]


@admin.register(Commune)
class CommuneAdmin(CodeReadOnlyOnChangeMixin, admin.ModelAdmin):
    list_display = ["name", "code", "kind", "departement", "epci", "population"]
    list_filter = ["kind", ("region", REGION_FILTER), ("departement", DEPARTEMENT_FILTER)]
    list_select_related = ["departement", "epci"]
    show_full_result_count = False  # one count of 37,000 rows per page is enough
    # Searched in get_search_results; declared so the search box and autocompletes appear.
    search_fields = ["name"]
    search_help_text = _("Début du nom (accents et articles ignorés), code INSEE ou code postal.")
    autocomplete_fields = ["parent", "departement", "region", "epci"]
    inlines = [CommunePostcodeInline]
    fieldsets = [
        (
            None,
            {
                "fields": ["code", "name", "kind", "parent", "departement", "region", "epci"],
                "description": GAZETTEER_NOTE,
            },
        ),
        (
            _("Population et position"),
            {"fields": ["population", "density_level", ("latitude", "longitude"), "coordinates_source"]},
        ),
    ]

    def get_search_results(self, request, queryset, search_term):
        # The indexed normalised name, so "st etienne" finds Saint-Étienne and "mont dore" Le Mont-Dore.
        term = search_term.strip()
        if not term:
            return queryset, False
        by_code = queryset.filter(
            Q(code=term.upper()) | Q(pk__in=CommunePostcode.objects.filter(postcode=term).values("commune"))
        )
        return queryset.name_starts_with(term) | by_code, False

    def save_model(self, request, obj, form, change):
        # Commune lookups read search_name: it must follow a renamed commune.
        obj.search_name = commune_key(obj.name)
        super().save_model(request, obj, form, change)


@admin.register(Structure)
class StructureAdmin(AdministrationReasonMixin, SimpleHistoryAdmin):
    form = VersionCheckedForm
    # People type "exemple.fr": assume https, as Django 6 will.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["name", "kind", "commune", "is_hub", "hub", "siret", "places_link"]
    list_filter = ["kind", "is_hub", "is_trusted", "origin", ("commune__departement", DEPARTEMENT_FILTER)]
    list_select_related = ["commune", "hub"]
    search_fields = ["name", "=siret", "=rna"]
    search_help_text = _("Nom, SIRET ou RNA.")
    autocomplete_fields = ["commune", "parent", "hub", "hub_regions", "hub_departements"]
    inlines = [SupportInline]
    fieldsets = [
        (None, {"fields": ["name", "kind", "siret", "rna", "parent", "is_trusted", "seen_version"]}),
        (_("Coordonnées"), {"fields": ["address", "commune", "phone", "email", "website"]}),
        (_("Hub numérique"), {"fields": ["is_hub", "hub", "hub_regions", "hub_departements"]}),
        (_("Origine"), {"fields": ["origin", "origin_id"], "classes": ["collapse"]}),
    ]

    @admin.display(description=_("lieux"))
    def places_link(self, structure):
        # A link rather than a count: counting places per structure on every changelist page is wasted work.
        url = reverse("admin:places_place_changelist") + f"?structure__id__exact={structure.pk}"
        return format_html('<a href="{}">{}</a>', url, _("Voir les lieux"))


class VocabularyListFilter(admin.SimpleListFilter):
    """Places carrying one value of a vocabulary of the standard (an indexed EXISTS on PlaceTag)."""

    vocabulary: str

    def lookups(self, request, model_admin):
        return CHOICES_OF[self.vocabulary].choices

    def queryset(self, request, queryset):
        if self.value():
            return queryset.tagged(self.vocabulary, [self.value()])
        return queryset


class ServicesListFilter(VocabularyListFilter):
    title = _("service")
    parameter_name = vocabulary = Vocabulary.SERVICES


class DispositifsListFilter(VocabularyListFilter):
    title = _("dispositif national")
    parameter_name = vocabulary = Vocabulary.DISPOSITIFS


class ItineranceListFilter(VocabularyListFilter):
    title = _("itinérance")
    parameter_name = vocabulary = Vocabulary.ITINERANCE


class FreshnessListFilter(admin.SimpleListFilter):
    """Places by the age of their data (places.freshness): the moderators' way to the ones left behind."""

    title = _("fraîcheur des informations")
    parameter_name = "fraicheur"

    def lookups(self, request, model_admin):
        return Freshness.choices

    def queryset(self, request, queryset):
        if self.value() in Freshness.values:
            return queryset.in_freshness_band(self.value())
        return queryset


class StopInline(admin.StackedInline):
    model = Stop
    form = StopForm
    extra = 0
    autocomplete_fields = ["commune"]
    fields = [
        ("position", "name"),
        "address",
        ("postcode", "commune_name"),
        "commune",
        ("latitude", "longitude"),
        "opening_hours",
        "note",
    ]


@admin.register(Place)
class PlaceAdmin(AdministrationReasonMixin, SimpleHistoryAdmin):
    form = PlaceForm
    list_display = ["name", "commune", "status", "structure", "modified_on"]
    list_filter = [
        "status",
        "origin",
        ("commune__region", REGION_FILTER),
        ("commune__departement", DEPARTEMENT_FILTER),
        ("structure__kind", titled(admin.ChoicesFieldListFilter, _("nature de la structure"))),
        ServicesListFilter,
        DispositifsListFilter,
        ItineranceListFilter,
        FreshnessListFilter,
        "coordinates_approximate",
        ("duplicate_of", titled(admin.EmptyFieldListFilter, _("doublon probable"))),
    ]
    list_select_related = ["commune", "structure"]
    show_full_result_count = False  # one count of 100,000 rows per page is enough
    # The most recently changed first: what moderators look for, and served by the index on updated_at.
    ordering = ["-updated_at"]
    # Searched in get_search_results; declared so the search box and autocompletes appear.
    search_fields = ["name"]
    search_help_text = _(
        "Mots du nom, de la présentation ou de la commune ; code postal, SIRET ou identifiant d'origine."
    )
    autocomplete_fields = ["structure", "commune", "duplicate_of"]
    readonly_fields = ["created_at", "updated_at"]
    inlines = [StopInline, SupportInline]
    fieldsets = [
        # seen_version: the version the form was drawn from (places.concurrency), a hidden field.
        (None, {"fields": ["name", "status", "structure", "seen_version"]}),
        (
            _("Adresse et position"),
            {
                "fields": [
                    "address",
                    "address_complement",
                    ("postcode", "commune_name"),
                    "commune",
                    ("latitude", "longitude"),
                    "coordinates_approximate",
                ]
            },
        ),
        (
            _("Contact et horaires"),
            {"fields": ["phone", "emails", "websites", "booking_url", "acceslibre_url", "opening_hours"]},
        ),
        (_("Présentation"), {"fields": ["summary", "description"]}),
        (
            _("Offre"),
            {
                "fields": [
                    "services",
                    "publics",
                    "prise_en_charge",
                    "frais",
                    "itinerance",
                    "modalites_acces",
                    "modalites_accompagnement",
                ]
            },
        ),
        (_("Programmes et labels"), {"fields": ["dispositifs", "formations_labels", "other_labels"]}),
        (_("Typologie de la structure"), {"fields": ["typologie"], "classes": ["collapse"]}),
        (
            _("Source de la donnée"),
            {
                "fields": [
                    ("origin", "origin_id"),
                    ("duplicate_of", "duplicate_reason"),
                    "pivot",
                    "source",
                    "parent_structure_name",
                    "updated_on",
                    ("created_at", "updated_at"),
                ],
                "classes": ["collapse"],
            },
        ),
    ]

    @admin.display(description=_("modifié le"), ordering="updated_at")
    def modified_on(self, place):
        # The date is enough to spot recent changes, and leaves the width to the name.
        return date_format(localtime(place.updated_at), "SHORT_DATE_FORMAT")

    def get_search_results(self, request, queryset, search_term):
        # Words are matched on the normalised text the public search uses (accents and case ignored);
        # identifiers exactly.
        term = search_term.strip()
        if not term:
            return queryset, False
        by_identifier = queryset.filter(Q(postcode=term) | Q(pivot=term) | Q(origin_id=term))
        return queryset.matching(term) | by_identifier, False


@admin.register(Stop)
class StopAdmin(admin.ModelAdmin):
    form = StopForm
    list_display = ["__str__", "place", "postcode", "commune_name", "position"]
    list_select_related = ["place"]
    search_fields = ["name", "address", "place__name", "=postcode"]
    autocomplete_fields = ["place", "commune"]
    fields = StopInline.fields[:1] + ["place"] + StopInline.fields[1:]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # A stop is part of its place in every format: API clients pulling `updated_since` must see the place.
        Place.objects.filter(pk__in={obj.place_id, form.initial.get("place")} - {None}).update(
            updated_at=timezone.now(), version=F("version") + 1
        )

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        Place.objects.filter(pk=obj.place_id).update(updated_at=timezone.now(), version=F("version") + 1)


@admin.register(ModeratorScope)
class ModeratorScopeAdmin(admin.ModelAdmin):
    """The territory of a moderator (places.moderation): régions and départements; none is the whole country."""

    list_display = ["user"]
    search_fields = ["user__username", "user__email"]
    autocomplete_fields = ["user", "regions", "departements"]


@admin.register(FreshnessReminder)
class FreshnessReminderAdmin(admin.ModelAdmin):
    """Reminders sent by send_freshness_reminders: read only (deleting one would let the command send again)."""

    list_display = ["structure", "period", "sent_at", "place_count"]
    list_filter = ["period"]
    search_fields = ["structure__name"]
    readonly_fields = ["structure", "period", "sent_at", "place_count", "recipients"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ErrorReport)
class ErrorReportAdmin(ArchiveNotDeleteAdmin):
    """What visitors reported on place pages, for moderators to check and mark as handled."""

    list_display = ["created_at", "place", "kind", "status", "email"]
    list_filter = ["status", "kind", ARCHIVED_FILTER]
    list_editable = ["status"]
    search_fields = ["place__name", "message", "email"]
    list_select_related = ["place"]
    raw_id_fields = ["place"]
    readonly_fields = ["created_at", "archived_at"]
    date_hierarchy = "created_at"


@admin.register(PlaceChange)
class PlaceChangeAdmin(ArchiveNotDeleteAdmin):
    """Changes structures proposed to their published places (API today, web forms later)."""

    list_display = ["place", "structure", "status", "submitted_via", "updated_at"]
    list_filter = ["status", ARCHIVED_FILTER]
    list_select_related = ["place", "structure"]
    search_fields = ["place__name", "structure__name"]
    readonly_fields = [
        "place",
        "structure",
        "proposed",
        "status",
        "submitted_by",
        "submitted_via",
        "created_at",
        "updated_at",
        "decided_at",
        "decided_by",
        "archived_at",
    ]
    exclude = ["values"]
    actions = ["apply", "reject", "archive"]

    def archivable(self, queryset):
        # A pending change is decided first: archived, it would stay pending and block the place's next one.
        return super().archivable(queryset).exclude(status=PlaceChange.Status.PENDING)

    def not_archived_message(self, count: int) -> str:
        return _(
            "%(count)d modification(s) non archivée(s) : déjà archivée(s), ou en attente (décidez d'abord)."
        ) % {"count": count}

    def has_add_permission(self, request):
        return False

    def has_moderate_permission(self, request):
        """Applying a change writes the place: a moderator may change both the proposal and the place (a
        staff member who may only view proposals sees no action)."""
        opts = Place._meta
        return self.has_change_permission(request) and request.user.has_perm(
            f"{opts.app_label}.{get_permission_codename('change', opts)}"
        )

    @admin.display(description=_("modifications proposées"))
    def proposed(self, change):
        # The moderation pages' diff (places/diffs.py): labels in French, lists as labels, hours in words.
        rows = [
            format_html(
                "<tr><th>{}</th><td>{}</td><td>{}</td></tr>",
                row.label,
                _joined(row.before),
                _joined(row.after),
            )
            for row in diffs.rows(
                diffs.place_values(change.place), diffs.change_values(change), only_changed=False
            )
        ]
        header = format_html(
            "<tr><th>{}</th><th>{}</th><th>{}</th></tr>", _("champ"), _("aujourd'hui"), _("proposé")
        )
        return format_html("<table>{}{}</table>", header, format_html("".join(["{}"] * len(rows)), *rows))

    @admin.action(description=_("Appliquer les modifications sélectionnées"), permissions=["moderate"])
    def apply(self, request, queryset):
        from places.submissions import apply_change

        count = self._decide_pending(request, queryset, apply_change)
        self.message_user(request, _("%(count)d modification(s) appliquée(s).") % {"count": count})

    @admin.action(description=_("Refuser les modifications sélectionnées"), permissions=["moderate"])
    def reject(self, request, queryset):
        from places.submissions import reject_change

        count = self._decide_pending(request, queryset, reject_change)
        self.message_user(request, _("%(count)d modification(s) refusée(s).") % {"count": count})

    @staticmethod
    def _decide_pending(request, queryset, decide) -> int:
        """Apply `decide` to the selected changes still pending (a decided change stays decided)."""
        changes = list(queryset.filter(status=PlaceChange.Status.PENDING))
        for change in changes:
            decide(change=change, user=request.user)
        return len(changes)


def _joined(value) -> str:
    if value is None:
        return "—"
    return " ; ".join(value) if isinstance(value, list) else value
