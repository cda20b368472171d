"""Closing a place for good: it is archived with the date it closed, never deleted (its page says since when,
the API lists it in `/places/removed/`). A published place's closing is proposed like any change: the place stays
online until a moderator approves it (or at once for a structure the moderators trust)."""

import datetime

from places.models import Place, PlaceChange
from places.submissions import propose_change


def close_place(*, place: Place, closed_on: datetime.date, user, via: str) -> PlaceChange | None:
    return propose_change(
        place=place,
        # As text: a proposal is kept as JSON until a moderator applies it.
        attributes={"closed_on": closed_on.isoformat(), "status": Place.Status.ARCHIVED},
        tags={},
        user=user,
        via=f"{via} (fermeture)",
    )
