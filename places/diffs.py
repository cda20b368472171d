"""A place's values side by side, as moderators and members read them: French labels, lists as lists, opening
hours described in words. Used by the moderation queue (a proposal against the published place) and the
history page (a version against the one before it)."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from places import hours, stops, vocabularies
from places.forms import PlaceForm
from places.models import Commune, Place
from places.models.places import TagList
from places.vocabularies import CHOICES_OF

# What a moderator reads, in the order of the place form. Not compared: bookkeeping (version, dates of the
# record, search text) and the moderation's own fields (status, message), which the page shows apart.
ATTRIBUTES = [
    "name",
    "address",
    "address_complement",
    "postcode",
    "commune_name",
    "commune",
    "latitude",
    "longitude",
    "coordinates_approximate",
    "phone",
    "emails",
    "websites",
    "booking_url",
    "acceslibre_url",
    "opening_hours",
    "opening_hours_note",
    "summary",
    "description",
    "other_labels",
    "pivot",
    "source",
    "parent_structure_name",
    "structure",
    "updated_on",
]
# The standard's lists by their stored name ("frais_a_charge"), as plain strings (dictionary keys), and the
# place form's field showing each ("frais"), whose label people know.
VOCABULARIES = [str(vocabulary) for vocabulary in CHOICES_OF]
_FORM_FIELD_OF = {
    str(descriptor.vocabulary): attribute
    for attribute, descriptor in vars(Place).items()
    if isinstance(descriptor, TagList)
}


@dataclass(frozen=True)
class Row:
    name: str
    label: str
    before: Any  # a string, a list of strings, or None when absent
    after: Any

    @property
    def before_is_list(self) -> bool:
        return isinstance(self.before, list)

    @property
    def after_is_list(self) -> bool:
        return isinstance(self.after, list)


def label(name: str) -> str:
    if name in VOCABULARIES:
        return str(PlaceForm.base_fields[_FORM_FIELD_OF[name]].label)
    text = str(Place._meta.get_field(name).verbose_name)
    return text[:1].upper() + text[1:]  # not capitalize(): it would lower "OpenStreetMap"


def shown(name: str, value: Any) -> Any:
    """A value as a person reads it: lists of labels, hours in words, yes/no, empty as None."""
    if name in VOCABULARIES:
        return [vocabularies.shown_label_of(name, item) for item in vocabularies.in_order(name, value or [])]
    if value is None or value == "" or value == []:
        return None
    if isinstance(value, list):
        return [str(item) for item in value]
    if isinstance(value, bool):
        return _("oui") if value else _("non")
    if name == "opening_hours":
        return describe_hours(value)
    return str(value)


def describe_hours(expression: str) -> list[str]:
    """The rule in words, day by day (this week), after the rule itself; the rule alone when unreadable."""
    days = hours.week(expression, timezone.now())
    if days is None:
        return [expression]
    return [expression, *(f"{day.day} : {day.text}" for day in days)]


def rows(before: dict[str, Any], after: dict[str, Any], *, only_changed: bool = True) -> list[Row]:
    """Rows for the names in `after` (attributes then vocabularies, in the form's order)."""
    result = []
    for name in [*ATTRIBUTES, *VOCABULARIES]:
        if name not in after:
            continue
        old, new = shown(name, before.get(name)), shown(name, after.get(name))
        if only_changed and old == new:
            continue
        result.append(Row(name, label(name), old, new))
    if "stops" in after:  # a roaming place's stops, one line each
        old, new = before.get("stops") or None, after["stops"] or None
        if not (only_changed and old == new):
            result.append(Row("stops", _("Arrêts (lieu itinérant)"), old, new))
    return result


def place_values(place: Place) -> dict[str, Any]:
    """Every compared value of a place as it is now (its tags read once)."""
    values = {name: _attribute(place, name) for name in ATTRIBUTES}
    tags: dict[str, list[str]] = {vocabulary: [] for vocabulary in VOCABULARIES}
    for vocabulary, value in place.tags.values_list("vocabulary", "value"):
        tags.setdefault(vocabulary, []).append(value)
    return {**values, **tags, "stops": [stops.describe(stop) for stop in stops.values_of(place)]}


def version_values(version) -> dict[str, Any]:
    """Every compared value of a historical place; its lists only when that version recorded them."""
    values = {name: _attribute(version, name) for name in ATTRIBUTES}
    if version.tag_snapshot is not None:
        values.update({vocabulary: version.tag_snapshot.get(vocabulary, []) for vocabulary in VOCABULARIES})
    return values


def change_values(change) -> dict[str, Any]:
    """What a proposed change would write (only the fields it holds)."""
    attributes = dict(change.values.get("attributes", {}))
    if "commune_id" in attributes:  # the API's writes name the commune by its code
        code = attributes.pop("commune_id")
        commune = Commune.objects.filter(pk=code).first() if code else None
        attributes["commune"] = _commune_text(commune) if commune else code
    if "stops" in attributes:
        attributes["stops"] = [stops.describe(stop) for stop in attributes["stops"]]
    return {**attributes, **change.values.get("tags", {})}


def _commune_text(commune) -> str:
    return f"{commune.name} ({commune.code})"


def _attribute(record, name: str) -> Any:
    if name in ("commune", "structure"):
        if getattr(record, f"{name}_id") is None:
            return None
        related = getattr(record, name)
        return _commune_text(related) if name == "commune" else str(related)
    value = getattr(record, name)
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%d/%m/%Y %H:%M")
    return value
