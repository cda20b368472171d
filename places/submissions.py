"""Places written by their structures (through the API today, the web forms later).

A new place is stored as submitted: moderators publish it. A change to a published place is proposed and
waits for a moderator (`PlaceChange`); the place citizens see does not move until then. A place that is not
published yet is still the structure's draft: changes apply at once and it stays submitted (a place a moderator
sent back is submitted again by its structure's next change). A trusted structure (`Structure.is_trusted`, set
by a moderator) skips the wait: its new places are published and its changes applied at once.

Every write names its channel in the version's change reason (the API token, the site, the moderation), and
its author in the version's user: the history page (places.history) reads both.
"""

from typing import Any

from django.db import transaction
from django.utils import timezone

from places import stops
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
    """A new place of `structure`, waiting for moderation (published at once for a trusted structure)."""
    status = Place.Status.PUBLISHED if structure.is_trusted else Place.Status.SUBMITTED
    place = Place(origin=origin, origin_id=origin_id, structure=structure, status=status)
    if not attributes.get("source"):
        attributes = {**attributes, "source": structure.name[:255]}
    write_place(place, attributes, tags, reason=via, user=user)
    return place


@transaction.atomic
def propose_change(
    *, place: Place, attributes: dict[str, Any], tags: dict[str, list[str]], user, via: str
) -> PlaceChange | None:
    """Apply to an unpublished place at once (returns None); for a published place, record the change for
    moderators, merged into the change already pending if there is one (returns it); apply it at once (returns
    None) when the place's structure is trusted.

    The place's row is locked first (places.concurrency): concurrent proposals merge one after the other, and
    a direct write sets its own fields over the latest values of the others."""
    place = locked(Place, place.pk)
    if place.status != Place.Status.PUBLISHED:
        if place.status == Place.Status.DRAFT and place.moderation_note:
            # Sent back by a moderator: the structure's correction is its answer, for moderators to read again.
            attributes = {**attributes, "status": Place.Status.SUBMITTED}
        remember_structure_edits(place, attributes, tags)
        write_place(place, attributes, tags, reason=via, user=user)
        return None
    if place.structure is not None and place.structure.is_trusted:
        remember_structure_edits(place, attributes, tags)
        write_place(place, attributes, tags, reason=f"{via} (structure de confiance)", user=user)
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
def apply_change(*, change: PlaceChange, user, message: str = "") -> None:
    """A moderator accepts a proposed change: the published place takes its values (only the fields the
    change holds: what others changed meanwhile stays). A change another moderator decided meanwhile is left
    as they decided."""
    change = locked(PlaceChange, change.pk)
    if change.status != PlaceChange.Status.PENDING:
        return
    place = locked(Place, change.place_id)
    remember_structure_edits(place, change.values.get("attributes", {}), change.values.get("tags", {}))
    write_place(
        place,
        change.values.get("attributes", {}),
        change.values.get("tags", {}),
        reason=f"Modification proposée n° {change.pk}, acceptée",
        user=user,
    )
    _decide(change, PlaceChange.Status.APPLIED, user, message)


@transaction.atomic
def reject_change(*, change: PlaceChange, user, message: str = "") -> None:
    change = locked(PlaceChange, change.pk)
    if change.status == PlaceChange.Status.PENDING:
        _decide(change, PlaceChange.Status.REJECTED, user, message)


def _decide(change: PlaceChange, status: str, user, message: str) -> None:
    change.status = status
    change.decided_at = timezone.now()
    change.decided_by = _person(user)
    change.decision_message = message.strip()
    change.save(update_fields=["status", "decided_at", "decided_by", "decision_message", "updated_at"])


@transaction.atomic
def publish_place(*, place: Place, user, message: str = "") -> bool:
    """A moderator publishes a submitted place: citizens find it from now on. False when it is no longer
    submitted (another moderator decided meanwhile)."""
    place = locked(Place, place.pk)
    if place.status != Place.Status.SUBMITTED:
        return False
    write_place(
        place,
        {"status": Place.Status.PUBLISHED, "moderation_note": message.strip()},
        {},
        reason="Modération : lieu publié",
        user=user,
    )
    return True


@transaction.atomic
def send_back_place(*, place: Place, user, message: str) -> bool:
    """A moderator refuses a submitted place as it is: it goes back to its structure as a draft, with the
    reason; the structure's next change submits it again. False when it is no longer submitted."""
    place = locked(Place, place.pk)
    if place.status != Place.Status.SUBMITTED:
        return False
    place.status = Place.Status.DRAFT
    place.moderation_note = message.strip()
    place._change_reason = "Modération : lieu renvoyé à sa structure"
    place._history_user = _person(user)
    # Not dated: nothing of the place's data changed.
    place.save(update_fields=["status", "moderation_note", "updated_at"])
    return True


def _person(user):
    return user if user is not None and user.is_authenticated else None


# Not a field a source imports: the structure's own decisions about the place's life.
_NOT_IMPORTED = {"status", "closed_on", "moderation_note", "updated_on"}


def remember_structure_edits(place: Place, attributes: dict[str, Any], tags: dict[str, list[str]]) -> None:
    """Note on an imported place the fields its structure sets (site forms, API): a re-import of the source keeps
    them and reports the conflict (places/importer.py). Saved by the write that follows."""
    if place.origin.startswith("structure-"):
        return  # the structure's own place: no source will import it again
    edited = {name for name in attributes if name not in _NOT_IMPORTED} | set(tags)
    place.edited_fields = sorted(set(place.edited_fields) | edited)


def write_place(
    place: Place, attributes: dict[str, Any], tags: dict[str, list[str]], *, reason: str = "", user=None
) -> None:
    """The one write of a place's own values, its tags and its indexed openings; the date of the data
    (date_maj) becomes today. The version it writes names `user` (else the request's, through
    simple-history's middleware), the channel (`reason`) and the place's lists after the write."""
    attributes = dict(attributes)
    new_stops = attributes.pop("stops", None)  # a list of plain values (places/stops.py), not an attribute
    for attribute, value in attributes.items():
        setattr(place, attribute, value)
    place.updated_on = timezone.localdate()
    place._change_reason = reason[:100]  # read by django-simple-history for the history row
    if _person(user) is not None:
        place._history_user = user
    is_new = place.pk is None
    place.save()
    for vocabulary, values in tags.items():
        place.set_tags(vocabulary, values)
    if new_stops is not None:
        stops.replace(place, new_stops)
    if is_new or "opening_hours" in attributes:
        refresh_openings(places=[place])
    record_tags(place)


def record_tags(place: Place) -> None:
    """The place's lists, on the version just written (tags live outside simple-history's rows)."""
    snapshot: dict[str, list[str]] = {}
    for vocabulary, value in place.tags.values_list("vocabulary", "value"):
        snapshot.setdefault(vocabulary, []).append(value)
    latest = place.history.order_by("-history_date", "-history_id").values_list("history_id", flat=True)[:1]
    place.history.model.objects.filter(history_id__in=list(latest)).update(
        tag_snapshot={vocabulary: sorted(values) for vocabulary, values in sorted(snapshot.items())}
    )
