"""Members keep their places fresh: the places a structure has to review, "Tout est à jour" (a one-click
confirmation that the published information is still right), and the reminder emails of
`send_freshness_reminders`. The bands and the counting of months are places.freshness's.
"""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from accounts import languages
from accounts.models import Membership
from places import freshness
from places.concurrency import locked
from places.models import FreshnessReminder, Place, PlaceChange
from places.submissions import write_place

# Statuses a structure keeps up to date: an archived or closed place has nothing left to confirm.
REVIEWABLE = [Place.Status.DRAFT, Place.Status.SUBMITTED, Place.Status.PUBLISHED]


class ChangePending(Exception):
    """The place has a proposed change waiting for a moderator: its published values are not the ones its
    structure wants, so they cannot be confirmed as they are."""


def can_confirm(user, place: Place) -> bool:
    """Members of the place's structure (either role) and staff may confirm a place."""
    if user is None or not user.is_authenticated:
        return False
    if user.is_staff:
        return True
    return (
        place.structure_id is not None
        and Membership.objects.filter(user=user, structure_id=place.structure_id).exists()
    )


def is_reviewable(place: Place) -> bool:
    return place.status in REVIEWABLE and place.closed_on is None


@transaction.atomic
def confirm_up_to_date(*, place: Place, user, via: str = "site") -> Place:
    """Today becomes the date of the place's data (`date_maj`), nothing else changes.

    Applied at once, also to a published place: unlike a proposed change (submissions.propose_change), which
    moderators review because it changes what citizens read, a confirmation changes no value, so there is
    nothing to review. A place with a change pending is refused (ChangePending): its structure already said
    the published values are not right; the change, once accepted, dates the place (write_place)."""
    place = locked(Place, place.pk)
    if PlaceChange.objects.filter(place=place, status=PlaceChange.Status.PENDING).exists():
        raise ChangePending(place.pk)
    write_place(
        place,
        {"updated_on": freshness.today()},  # what write_place does anyway: said here because it is the point
        {},
        reason=f"Confirmé à jour par {user.get_username()} ({via})",
        user=user,  # the version names who confirmed, also outside a request
    )
    return place


def places_to_review(structure_ids, *, bands=None, on: date | None = None):
    """The places of these structures whose data is 6 months old or more or undated, the undated then the
    oldest first; with `bands`, only the places in those bands (places.freshness.Freshness values)."""
    places = Place.objects.filter(
        structure_id__in=list(structure_ids), status__in=REVIEWABLE, closed_on__isnull=True
    )
    if bands is None:
        places = places.older_than(freshness.REVIEW_AFTER_MONTHS, on=on)
    else:
        chosen = Place.objects.none()
        for band in bands:
            chosen |= Place.objects.in_freshness_band(band, on=on)
        places = places.filter(pk__in=chosen.values("pk"))
    return places.select_related("structure", "commune").order_by(
        F("updated_on").asc(nulls_first=True), "name", "pk"
    )


@dataclass
class Row:
    """A place to review as the dashboard and the emails show it."""

    place: Place
    band: freshness.Freshness
    badge: freshness.Badge


def rows(places, *, on: date | None = None) -> list[Row]:
    on = on or freshness.today()
    return [
        Row(place, band, freshness.BADGES[band])
        for place in places
        for band in [freshness.band_of(place.updated_on, on=on)]
    ]


# How many places "Mon espace" lists at once (a structure such as La Poste runs hundreds).
DASHBOARD_LIMIT = 50


def dashboard(structure_ids, *, on: date | None = None) -> dict:
    """ "Mon espace"'s list of places to review: the first DASHBOARD_LIMIT, oldest first, and how many in all."""
    structure_ids = list(structure_ids)
    if not structure_ids:
        return {"rows": [], "count": 0, "limit": DASHBOARD_LIMIT}
    places = places_to_review(structure_ids, on=on)
    shown = rows(places[:DASHBOARD_LIMIT], on=on)
    count = len(shown) if len(shown) < DASHBOARD_LIMIT else places.count()
    return {"rows": shown, "count": count, "limit": DASHBOARD_LIMIT}


# --- Reminders ----------------------------------------------------------------------------------------


# How often a structure may get a reminder (--every), and its French name in the email.
PERIODS = {"half-year": _lazy("semestre"), "quarter": _lazy("trimestre"), "month": _lazy("mois")}


def period_of(day: date, every: str = "half-year") -> str:
    """The label of the period `day` falls in: "2026-S2" (half-year), "2026-T4" (quarter), "2026-12"."""
    if every == "half-year":
        return f"{day.year}-S{1 if day.month <= 6 else 2}"
    if every == "quarter":
        return f"{day.year}-T{(day.month - 1) // 3 + 1}"
    if every == "month":
        return f"{day.year}-{day.month:02d}"
    raise ValueError(every)


def recipients_of(structure) -> list[str]:
    """The addresses of the structure's members with an active account, administrators first."""
    memberships = (
        Membership.objects.filter(structure=structure, user__is_active=True)
        .exclude(user__email="")
        .select_related("user")
        .order_by("role", "user__email")  # "admin" sorts before "editor"
    )
    addresses: list[str] = []
    for membership in memberships:
        if membership.user.email not in addresses:
            addresses.append(membership.user.email)
    return addresses


@dataclass
class Reminder:
    structure: object
    period: str
    recipients: list[str]
    rows: list[Row]
    subject: str  # in the language the command runs in (French): what a dry run prints
    body: str
    context: dict

    def written_in(self, language: str) -> tuple[str, str]:
        """(subject, body) in a recipient's language (accounts/languages.py)."""
        with translation.override(language):
            return _compose(self.structure, self.rows, self.context)


def reminder_for(
    structure, *, every: str = "half-year", bands=None, on: date | None = None
) -> Reminder | None:
    """The email a structure would get in the period of `on` (today); None when it has no place to review,
    nobody to write to, or already got this period's."""
    on = on or freshness.today()
    period = period_of(on, every)
    if FreshnessReminder.objects.filter(structure=structure, period=period).exists():
        return None
    to_review = rows(places_to_review([structure.pk], bands=bands, on=on), on=on)
    recipients = recipients_of(structure)
    if not to_review or not recipients:
        return None
    context = {
        "structure": structure,
        "rows": [
            {
                "row": row,
                # The public page exists once the place is published.
                "page_url": settings.SITE_URL + row.place.get_absolute_url()
                if row.place.status == Place.Status.PUBLISHED
                else "",
                "review_url": settings.SITE_URL + reverse("places:review", kwargs={"pk": row.place.pk}),
            }
            for row in to_review
        ],
        "period_name": PERIODS[every],
        "dashboard_url": settings.SITE_URL + reverse("accounts:home") + "#lieux-a-verifier",
    }
    subject, body = _compose(structure, to_review, context)
    return Reminder(structure, period, recipients, to_review, subject, body, context)


def _compose(structure, to_review, context: dict) -> tuple[str, str]:
    subject = _("%(structure)s : %(count)d lieu(x) à vérifier dans l'annuaire") % {
        "structure": structure.name,
        "count": len(to_review),
    }
    return subject, render_to_string("places/emails/freshness_reminder.txt", context)


def send_reminder(reminder: Reminder) -> bool:
    """Send a reminder once: the row recording it is written first, under the unique (structure, period)
    constraint, so a second run — even a concurrent one — sends nothing. If the mail server refuses, the row
    is rolled back and the next run tries again. Returns False when another run recorded it first.

    One message per member, in their language: nobody learns the others' addresses."""
    languages_of = languages.by_address(reminder.recipients)
    with transaction.atomic():
        _record, created = FreshnessReminder.objects.get_or_create(
            structure=reminder.structure,
            period=reminder.period,
            defaults={"place_count": len(reminder.rows), "recipients": reminder.recipients},
        )
        if not created:
            return False
        written = {language: reminder.written_in(language) for language in set(languages_of.values())}
        messages = [
            EmailMessage(*written[languages_of[address]], settings.DEFAULT_FROM_EMAIL, [address])
            for address in reminder.recipients
        ]
        get_connection().send_messages(messages)
    return True
