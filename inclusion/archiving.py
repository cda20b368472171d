"""Records that are evidence — error reports, proposed changes, programme supports — are archived, never
deleted: the admin's "delete" becomes "archive" for them (API tokens are revoked, the same idea), and what they
are about (a place, a structure) cannot be deleted while they exist (on_delete=PROTECT): a place is archived.
"""

from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext


class ArchiveNotDeleteAdmin(admin.ModelAdmin):
    """A ModelAdmin whose records are archived (`archived_at`) instead of deleted."""

    actions = ["archive"]

    def has_delete_permission(self, request, obj=None):
        return False

    def archivable(self, queryset):
        """The selected records that may be archived now (all not yet archived, by default)."""
        return queryset.filter(archived_at__isnull=True)

    @admin.action(description=_("Archiver la sélection"), permissions=["change"])
    def archive(self, request, queryset):
        records = list(self.archivable(queryset))
        now = timezone.now()
        for record in records:  # one by one: django-simple-history records each archiving
            record.archived_at = now
            record.save(update_fields=["archived_at"])
        skipped = queryset.count() - len(records)
        self.message_user(
            request,
            ngettext("%(count)d élément archivé.", "%(count)d éléments archivés.", len(records))
            % {"count": len(records)},
            messages.SUCCESS,
        )
        if skipped:
            self.message_user(request, self.not_archived_message(skipped), messages.WARNING)

    def not_archived_message(self, count: int) -> str:
        return ngettext("%(count)d élément déjà archivé.", "%(count)d éléments déjà archivés.", count) % {
            "count": count
        }


ARCHIVED_FILTER = ("archived_at", admin.EmptyFieldListFilter)
