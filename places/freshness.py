"""How fresh a place's information is: whole months from its data's update date (`Place.updated_on`, the
standard's `date_maj`) to today in Paris, in the national back-office's four bands — under 6 months, 6 to 12,
12 to 18, over 18 — and a fifth when the source gave no date (freshness is never invented: docs/data.md).

A month counts once the same day of the month comes back: updated on 15 March, a place is 5 months old on
14 September and 6 months old on 15 September; a date with no such day in the target month (31 August + 6
months) falls on that month's last day (28 February). `months_between` and `months_before` are two readings of
one rule (a date is N months old once "the date plus N months" is reached), so "older than N months" in SQL (`PlaceQuerySet.older_than`) and the band shown on a page agree on
every day (tests/places/test_freshness.py checks them against each other over years of dates).

Pure date arithmetic: no models here (querysets.py imports this module).
"""

import calendar
from dataclasses import dataclass
from datetime import date

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Freshness(models.TextChoices):
    """The band codes are the API's `fraicheur` values; the labels are the admin filter's."""

    FRESH = "moins-6-mois", _("moins de 6 mois")
    RECENT = "6-12-mois", _("de 6 à 12 mois")
    AGING = "12-18-mois", _("de 12 à 18 mois")
    STALE = "plus-18-mois", _("plus de 18 mois")
    UNKNOWN = "inconnue", _("date inconnue")


# Each dated band with its lower limit in months, the stalest first: a place's band is the first it reaches.
LOWER_LIMITS = [(Freshness.STALE, 18), (Freshness.AGING, 12), (Freshness.RECENT, 6), (Freshness.FRESH, 0)]
MONTHS_OF = dict(LOWER_LIMITS)
# Reminders and the members' dashboard: a place is to review from 6 months on, or without a date.
REVIEW_AFTER_MONTHS = 6
TO_REVIEW = [Freshness.RECENT, Freshness.AGING, Freshness.STALE, Freshness.UNKNOWN]


@dataclass(frozen=True)
class Badge:
    text: str
    level: str  # a DSFR badge's modifier: success, info, warning, error


BADGES = {
    Freshness.FRESH: Badge(_("Informations vérifiées il y a moins de 6 mois"), "success"),
    Freshness.RECENT: Badge(_("Informations vérifiées il y a 6 à 12 mois"), "info"),
    Freshness.AGING: Badge(
        _("Informations à vérifier : dernière mise à jour il y a 12 à 18 mois"), "warning"
    ),
    Freshness.STALE: Badge(
        _("Informations à vérifier : dernière mise à jour il y a plus de 18 mois"), "error"
    ),
    Freshness.UNKNOWN: Badge(_("Informations à vérifier : date de mise à jour inconnue"), "warning"),
}


def today() -> date:
    """Today in the site's time zone (settings.TIME_ZONE, Europe/Paris), as the back-office counts."""
    return timezone.localdate()


def months_between(earlier: date, later: date) -> int:
    """Whole months from `earlier` to `later` (0 when `later` is not after `earlier`)."""
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    # The last month is complete when the day comes back, or at the end of a month too short to have it
    # (31 August → 28 February).
    if later.day < earlier.day and later.day < _last_day(later.year, later.month):
        months -= 1
    return max(months, 0)


def months_before(day: date, months: int) -> date:
    """The latest update date that is `months` old or more on `day`: the same day `months` earlier (or that
    month's last day when it has no such day); on the last day of a month, the last day of that month."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    if day.day == _last_day(day.year, day.month):
        return date(year, month, _last_day(year, month))
    return date(year, month, min(day.day, _last_day(year, month)))


def band_of(updated_on: date | None, *, on: date | None = None) -> Freshness:
    if updated_on is None:
        return Freshness.UNKNOWN
    age = months_between(updated_on, on or today())
    return next(band for band, lower in LOWER_LIMITS if age >= lower)


def badge_of(updated_on: date | None, *, on: date | None = None) -> Badge:
    return BADGES[band_of(updated_on, on=on)]


def date_range(band: Freshness, *, on: date | None = None) -> tuple[date | None, date | None]:
    """The update dates of a dated band as (after, up_to): `after < updated_on <= up_to`, None for no bound."""
    on = on or today()
    lower = MONTHS_OF[band]
    up_to = months_before(on, lower) if lower else None
    fresher = [months for _band, months in LOWER_LIMITS if months > lower]
    after = months_before(on, min(fresher)) if fresher else None
    return after, up_to


def _last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]
