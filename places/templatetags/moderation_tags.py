""" "Mon espace"'s moderation block: what the member's structures wait for, and what moderators decided."""

from datetime import timedelta

from django import template
from django.utils import timezone

from accounts.models import Membership
from places import moderation
from places.models import Place, PlaceChange

register = template.Library()

# Decisions stay on "Mon espace" this long: long enough to be read, short enough not to pile up.
DECIDED_SHOWN_FOR = timedelta(days=90)


@register.inclusion_tag("accounts/_moderation_status.html", takes_context=True)
def moderation_status(context):
    user = context["request"].user
    structures = list(Membership.objects.filter(user=user).values_list("structure_id", flat=True))
    since = timezone.now() - DECIDED_SHOWN_FOR
    places = (
        Place.objects.filter(structure__in=structures)
        .filter(status__in=[Place.Status.SUBMITTED, Place.Status.DRAFT])
        .exclude(status=Place.Status.DRAFT, moderation_note="")
        .select_related("structure")
        .order_by("-updated_at")
    )
    changes = (
        PlaceChange.objects.filter(structure__in=structures, archived_at__isnull=True)
        .exclude(status__in=[PlaceChange.Status.APPLIED, PlaceChange.Status.REJECTED], decided_at__lt=since)
        .select_related("place", "structure")
        .order_by("-updated_at")
    )
    published = (
        Place.objects.filter(structure__in=structures, status=Place.Status.PUBLISHED, updated_at__gte=since)
        .exclude(moderation_note="")
        .select_related("structure")
        .order_by("-updated_at")
    )
    return {
        "waiting_places": list(places[:50]),
        "changes": list(changes[:50]),
        "published_with_note": list(published[:20]),
        "is_moderator": moderation.is_moderator(user),
    }
