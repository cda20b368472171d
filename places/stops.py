"""A roaming place's stops (a bus France Services, a travelling advisor) as plain values: what the members' form
sends, what a proposal keeps as JSON until a moderator applies it, what a diff shows."""

from typing import Any

from places.models import Place, Stop

FIELDS = [
    "name",
    "address",
    "postcode",
    "commune_name",
    "commune_id",
    "latitude",
    "longitude",
    "opening_hours",
    "note",
]


def values_of(place: Place) -> list[dict[str, Any]]:
    return [{name: getattr(stop, name) for name in FIELDS} for stop in place.stops.order_by("position", "pk")]


def replace(place: Place, stops: list[dict[str, Any]]) -> None:
    """The place's stops become `stops`, in that order (the caller dates the place: write_place)."""
    place.stops.all().delete()
    Stop.objects.bulk_create(
        [
            Stop(
                place=place, position=position, **{name: values.get(name) or _empty(name) for name in FIELDS}
            )
            for position, values in enumerate(stops)
        ]
    )


def describe(values: dict[str, Any]) -> str:
    """One line a moderator reads: "Place du marché — 1 place de l'Église, 03100 Montluçon (Tu 09:00-12:00)"."""
    where = " ".join(part for part in (values.get("postcode"), values.get("commune_name")) if part)
    text = ", ".join(part for part in (values.get("address"), where) if part)
    if values.get("name"):
        text = f"{values['name']} — {text}"
    if values.get("opening_hours"):
        text += f" ({values['opening_hours']})"
    return text


def _empty(name: str):
    return None if name in ("commune_id", "latitude", "longitude") else ""
