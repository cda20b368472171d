from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.models import ApiToken, Membership


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "structure", "role", "created_at"]
    list_filter = ["role"]
    list_select_related = ["user", "structure"]
    search_fields = ["user__username", "user__email", "structure__name"]
    autocomplete_fields = ["user", "structure"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Read-only: a key exists only when it is created, by a member on their page or by create_api_token;
    an operator can only revoke."""

    list_display = ["name", "structure", "prefix", "created_by", "created_at", "last_used_at", "revoked_at"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    list_select_related = ["structure", "created_by"]
    search_fields = ["name", "=prefix", "structure__name"]
    fields = list_display + ["revoked_by"]
    readonly_fields = fields
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        # A token's page is read-only (no "Save" button); the changelist still asks for the change permission,
        # which the revoke action requires.
        return super().has_change_permission(request) if obj is None else False

    def has_delete_permission(self, request, obj=None):
        # Revoked tokens stay: they say who could write, until when.
        return False

    @admin.action(description=_("Révoquer les jetons sélectionnés"), permissions=["revoke"])
    def revoke(self, request, queryset):
        tokens = list(queryset.active())
        for token in tokens:
            token.revoke(by=request.user)
        self.message_user(
            request,
            ngettext("%(count)d jeton révoqué.", "%(count)d jetons révoqués.", len(tokens))
            % {"count": len(tokens)},
            messages.SUCCESS,
        )

    def has_revoke_permission(self, request):
        return super().has_change_permission(request)
