"""A place's versions: who wrote each, when, through what, what it changed; and a moderator's restore of one.

simple-history writes a version at each save of a place, with its author (`history_user`: the request's user,
or the one a writer names) and its channel (`history_change_reason`). The channels, as the history page shows
them: "API, jeton « … »" (places.api.views), "Site, …" (the members' forms), "Import <origin>"
(places.importer), "Administration" (places.admin), "Modération : …" and "Modification proposée n° …,
acceptée" (places.submissions), "Restauration de la version du …" (here).
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from places import diffs
from places.concurrency import locked
from places.models import Place
from places.submissions import write_place

KINDS = {"+": gettext_lazy("Création"), "~": gettext_lazy("Modification"), "-": gettext_lazy("Suppression")}
# What a restore puts back: the place's data. Not its status, structure or moderation (decided apart), nor its
# date (the restore dates it today, as any write does).
NOT_RESTORED = {"structure", "updated_on"}


@dataclass(frozen=True)
class Entry:
    version: object  # a historical place
    who: str
    via: str
    kind: str
    rows: list[diffs.Row]
    tags_known: bool  # False: this version did not record the lists (import, admin), they are not compared


class StaleRestore(Exception):
    """The place changed after the moderator saw what the restore would do."""


def entries(place: Place, versions) -> list[Entry]:
    """The versions given (newest first), each compared with the one before it (the next in the database,
    which may be outside `versions`)."""
    versions = list(versions)
    if not versions:
        return []
    oldest = versions[-1]
    before_oldest = (
        place.history.filter(history_date__lte=oldest.history_date)
        .exclude(history_id=oldest.history_id)
        .order_by("-history_date", "-history_id")
        .first()
    )
    result = []
    for index, version in enumerate(versions):
        previous = versions[index + 1] if index + 1 < len(versions) else before_oldest
        after = diffs.version_values(version)
        before = diffs.version_values(previous) if previous is not None else {}
        if previous is not None and previous.tag_snapshot is None:
            after = {name: value for name, value in after.items() if name not in diffs.VOCABULARIES}
        result.append(
            Entry(
                version=version,
                who=_author(version),
                via=version.history_change_reason or _("non précisé"),
                kind=KINDS.get(version.history_type, version.history_type),
                rows=diffs.rows(before, after),
                tags_known=version.tag_snapshot is not None,
            )
        )
    return result


def ordered_versions(place: Place):
    return place.history.select_related("history_user").order_by("-history_date", "-history_id")


def restored_values(version) -> tuple[dict, dict]:
    """(attributes, tags) that restoring `version` writes; tags only if the version recorded them."""
    attributes = {
        name: getattr(version, name)
        for name in diffs.ATTRIBUTES
        if name not in NOT_RESTORED and name != "commune"
    }
    attributes["commune_id"] = version.commune_id
    tags = {}
    if version.tag_snapshot is not None:
        tags = {vocabulary: version.tag_snapshot.get(vocabulary, []) for vocabulary in diffs.VOCABULARIES}
    return attributes, tags


def restore_preview(place: Place, version) -> list[diffs.Row]:
    """What restoring `version` would change in the place as it is now."""
    after = {
        name: value
        for name, value in diffs.version_values(version).items()
        if name not in NOT_RESTORED and (name not in diffs.VOCABULARIES or version.tag_snapshot is not None)
    }
    return diffs.rows(diffs.place_values(place), after)


@transaction.atomic
def restore(*, place: Place, version, seen_version: int, user) -> Place:
    """Write `version`'s values over the place, as a new version. Refused (StaleRestore) when the place is no
    longer at `seen_version`, the version the moderator's confirmation page showed the changes against."""
    place = locked(Place, place.pk)
    if place.version != seen_version:
        raise StaleRestore
    attributes, tags = restored_values(version)
    when = date_format(timezone.localtime(version.history_date), "j F Y à H:i")
    write_place(place, attributes, tags, reason=f"Restauration de la version du {when}", user=user)
    return place


def _author(version) -> str:
    user = version.history_user
    if user is None:
        return (
            _("personne (traitement automatique)")
            if version.history_user_id is None
            else _("compte supprimé")
        )
    return user.get_full_name() or user.get_username()
