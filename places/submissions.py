"""Places written by their structures (through the API today, the web forms later).

A new place is stored as submitted: moderators publish it. A change to a published place is proposed and
waits for a moderator (`PlaceChange`); the place citizens see does not move until then. A place that is not
published yet is still the structure's draft: changes apply at once and it stays submitted.
"""

from typing import Any

from django.db import transaction
from django.utils import timezone

from places.concurrency import locked
from places.models import Place, PlaceChange
from places.services import refresh_openings


@transaction.atomic
def submit_place(
    *,
    structure,
    origin: str,
    origin_id: str,
    attributes: dict[str, Any],
    tags: dict[str, list[str]],
    user,
    via: str,
) -> Place:
    """A new place of `structure`, waiting for moderation."""
    place = Place(origin=origin, origin_id=origin_id, structure=structure, status=Place.Status.SUBMITTED)
    if not attributes.get("source"):
        attributes = {**attributes, "source": structure.name[:255]}
    write_place(place, attributes, tags, reason=via)
    return place


@transaction.atomic
def propose_change(
    *, place: Place, attributes: dict[str, Any], tags: dict[str, list[str]], user, via: str
) -> PlaceChange | None:
    """Apply to an unpublished place at once (returns None); for a published place, record the change for
    moderators, merged into the change already pending if there is one (returns it).

    The place's row is locked first (places.concurrency): concurrent proposals merge one after the other, and
    a direct write sets its own fields over the latest values of the others."""
    place = locked(Place, place.pk)
    if place.status != Place.Status.PUBLISHED:
        write_place(place, attributes, tags, reason=via)
        return None
    change = (
        PlaceChange.objects.select_for_update().filter(place=place, status=PlaceChange.Status.PENDING).first()
    ) or PlaceChange(place=place, structure=place.structure, values={"attributes": {}, "tags": {}})
    change.values["attributes"].update(attributes)
    change.values["tags"].update(tags)
    change.submitted_by = user if user is not None and user.is_authenticated else None
    change.submitted_via = via[:255]
    change.save()
    return change


@transaction.atomic
def apply_change(*, change: PlaceChange, user) -> None:
    """A moderator accepts a proposed change: the published place takes its values (only the fields the
    change holds: what others changed meanwhile stays). A change another moderator decided meanwhile is left
    as they decided."""
    change = locked(PlaceChange, change.pk)
    if change.status != PlaceChange.Status.PENDING:
        return
    place = locked(Place, change.place_id)
    write_place(
        place,
        change.values.get("attributes", {}),
        change.values.get("tags", {}),
        reason=f"Modification proposée n° {change.pk}, acceptée",
    )
    _decide(change, PlaceChange.Status.APPLIED, user)


@transaction.atomic
def reject_change(*, change: PlaceChange, user) -> None:
    change = locked(PlaceChange, change.pk)
    if change.status == PlaceChange.Status.PENDING:
        _decide(change, PlaceChange.Status.REJECTED, user)


def _decide(change: PlaceChange, status: str, user) -> None:
    change.status = status
    change.decided_at = timezone.now()
    change.decided_by = user if user is not None and user.is_authenticated else None
    change.save(update_fields=["status", "decided_at", "decided_by", "updated_at"])


def write_place(
    place: Place, attributes: dict[str, Any], tags: dict[str, list[str]], *, reason: str = ""
) -> None:
    """The one write of a place's own values, its tags and its indexed openings; the date of the data
    (date_maj) becomes today."""
    for attribute, value in attributes.items():
        setattr(place, attribute, value)
    place.updated_on = timezone.localdate()
    place._change_reason = reason[:100]  # read by django-simple-history for the history row
    is_new = place.pk is None
    place.save()
    for vocabulary, values in tags.items():
        place.set_tags(vocabulary, values)
    if is_new or "opening_hours" in attributes:
        refresh_openings(places=[place])
