from django import forms
from django.contrib import admin
from django.db import models
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from inclusion.archiving import ARCHIVED_FILTER, ArchiveNotDeleteAdmin
from programmes.models import Programme, Support, Target


class TargetInline(admin.TabularInline):
    model = Target
    extra = 0
    fields = ["metric", "value", "by_date", "label"]


class SupportInline(admin.TabularInline):
    """A programme's supports, shown on the place or structure they concern (the parent's own key is hidden)."""

    model = Support
    extra = 0
    # Few, narrow columns so the table fits beside the admin's menu; the rest is on the support's own page.
    fields = ["programme", "status", "wave", "starts_on", "place", "structure"]
    formfield_overrides = {models.CharField: {"widget": forms.TextInput(attrs={"size": 12})}}
    autocomplete_fields = ["programme", "place", "structure"]
    show_change_link = True
    can_delete = False  # archived on the support's own page (inclusion/archiving.py)


@admin.register(Programme)
class ProgrammeAdmin(SimpleHistoryAdmin):
    # People type "exemple.fr": assume https, as Django 6 will.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["name", "kind", "operator", "starts_on", "ends_on", "support_count"]
    list_filter = ["kind"]
    search_fields = ["name", "slug", "operator", "funder"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]
    inlines = [TargetInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "kind", "parent", "operator", "funder", "url"]}),
        (_("Calendrier"), {"fields": [("announced_on", "application_deadline"), ("starts_on", "ends_on")]}),
        (_("Budget"), {"fields": ["budget_eur", "budget_note"]}),
        (_("Contenu"), {"fields": ["description", "eligibility", "sources"]}),
        (
            _("Lien avec le standard national"),
            {
                "fields": ["dispositif", "formation_label"],
                "description": _(
                    "La valeur qui signale, dans les données des lieux, qu'un lieu relève du programme."
                ),
            },
        ),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(support_count=Count("supports", filter=Q(supports__archived_at__isnull=True)))
        )

    @admin.display(description=_("soutiens"), ordering="support_count")
    def support_count(self, programme):
        return programme.support_count


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    list_display = ["label", "programme", "metric", "value", "by_date"]
    list_filter = ["metric", "programme"]
    list_select_related = ["programme"]
    search_fields = ["label", "programme__name"]
    autocomplete_fields = ["programme"]


@admin.register(Support)
class SupportAdmin(SimpleHistoryAdmin, ArchiveNotDeleteAdmin):
    list_display = ["programme", "place", "structure", "status", "wave", "starts_on", "ends_on", "amount_eur"]
    list_filter = ["status", "programme", "origin", ARCHIVED_FILTER]
    list_select_related = ["programme", "place", "structure"]
    search_fields = ["place__name", "structure__name", "programme__name", "wave"]
    search_help_text = _("Nom du lieu, de la structure ou du programme, ou vague.")
    autocomplete_fields = ["programme", "place", "structure"]
    fieldsets = [
        (None, {"fields": ["programme", "status", "place", "structure"]}),
        (
            _("Détails"),
            {"fields": ["wave", ("starts_on", "ends_on"), "amount_eur", "conseillers_count", "note"]},
        ),
        (_("Origine"), {"fields": ["origin", "archived_at"]}),
    ]
    readonly_fields = ["archived_at"]

    def get_queryset(self, request):
        # Archived supports too (the model's first manager leaves them out).
        return Support._base_manager.select_related(*self.list_select_related)
