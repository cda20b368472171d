"""Opening hours in OpenStreetMap `opening_hours` syntax, read with opening-hours-py.

Times are evaluated in Europe/Paris with the French public holiday calendar (rules using `PH`).
Overseas places use the same calendar for now: their own time zones are a later refinement.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from opening_hours import OpeningHours, ParserError

PARIS = ZoneInfo("Europe/Paris")


def parse(expression: str) -> OpeningHours:
    return OpeningHours(expression, timezone=PARIS, country="FR", auto_country=False, auto_timezone=False)


def validate_opening_hours(expression: str) -> None:
    if not expression:
        return
    try:
        parse(expression)
    except (ParserError, SyntaxError, ValueError):
        raise ValidationError(
            _(
                "Horaires illisibles : utilisez le format OpenStreetMap, par exemple « Mo-Fr 09:00-12:00,14:00-17:00 »."
            ),
            code="invalid_opening_hours",
        ) from None


def is_valid(expression: str) -> bool:
    try:
        validate_opening_hours(expression)
    except ValidationError:
        return False
    return True


def is_open_at(expression: str, moment: datetime) -> bool | None:
    """True/False, or None when the hours are empty or unreadable."""
    if not expression:
        return None
    try:
        return parse(expression).is_open(moment.astimezone(PARIS))
    except (ParserError, SyntaxError, ValueError):
        return None
