"""Freshness: the bands of a place's data age, on the place page, in the API and the admin, and "Tout est à
jour" (the one-click confirmation) with its refusals."""

import csv
import io
from datetime import date, timedelta

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from accounts.models import Membership
from places import freshness
from places.freshness import Freshness
from places.models import Place, PlaceChange
from tests.accounts.factories import MembershipFactory, UserFactory
from tests.places.factories import PlaceFactory, StructureFactory

TODAY = "2026-12-01 10:00 +01:00"


@pytest.fixture
def frozen(time_machine):
    time_machine.move_to(TODAY, tick=False)
    return date(2026, 12, 1)


# --- Bands --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("updated_on", "band"),
    [
        (date(2026, 12, 1), Freshness.FRESH),
        (date(2026, 6, 2), Freshness.FRESH),  # 5 months and 29 days
        (date(2026, 6, 1), Freshness.RECENT),  # 6 months to the day
        (date(2025, 12, 2), Freshness.RECENT),
        (date(2025, 12, 1), Freshness.AGING),  # 12 months
        (date(2025, 6, 2), Freshness.AGING),
        (date(2025, 6, 1), Freshness.STALE),  # 18 months
        (date(2010, 1, 1), Freshness.STALE),
        (None, Freshness.UNKNOWN),
    ],
)
def test_a_place_moves_to_the_next_band_on_the_day_its_months_are_complete(updated_on, band):
    assert freshness.band_of(updated_on, on=date(2026, 12, 1)) == band


def test_the_end_of_a_long_month_is_six_months_old_at_the_end_of_a_short_one():
    # 31 August + 6 months has no 31 February: the last day of February completes the month.
    assert freshness.band_of(date(2026, 8, 31), on=date(2027, 2, 27)) == Freshness.FRESH
    assert freshness.band_of(date(2026, 8, 31), on=date(2027, 2, 28)) == Freshness.RECENT
    assert freshness.months_before(date(2027, 2, 28), 6) == date(2026, 8, 31)


def test_today_is_counted_in_paris_not_in_utc(time_machine):
    # 23:30 UTC on 31 May is already 1 June in Paris: a place updated on 1 December is 6 months old there.
    time_machine.move_to("2026-05-31 23:30 +00:00", tick=False)

    assert freshness.today() == date(2026, 6, 1)
    assert freshness.band_of(date(2025, 12, 1)) == Freshness.RECENT


def test_the_sql_filter_and_the_band_agree_on_every_day_of_two_years():
    start = date(2024, 1, 1)
    days = [start + timedelta(n) for n in range(800)]
    for today in days[400::13] + [date(2025, 2, 28), date(2024, 2, 29), date(2025, 3, 31)]:
        for months in (6, 12, 18):
            cutoff = freshness.months_before(today, months)
            for day in days:
                if day <= today:
                    assert (freshness.months_between(day, today) >= months) == (day <= cutoff), (today, day)


def test_places_older_than_and_in_a_band_are_found_in_the_database(frozen):
    fresh = PlaceFactory(updated_on=date(2026, 11, 1))
    recent = PlaceFactory(updated_on=date(2026, 6, 1))
    aging = PlaceFactory(updated_on=date(2025, 7, 1))
    stale = PlaceFactory(updated_on=date(2025, 6, 1))
    undated = PlaceFactory(updated_on=None)

    assert set(Place.objects.older_than(6)) == {recent, aging, stale, undated}
    assert set(Place.objects.older_than(12, undated=False)) == {aging, stale}
    found = {band: set(Place.objects.in_freshness_band(band)) for band in Freshness}
    assert found == {
        Freshness.FRESH: {fresh},
        Freshness.RECENT: {recent},
        Freshness.AGING: {aging},
        Freshness.STALE: {stale},
        Freshness.UNKNOWN: {undated},
    }


# --- Where it shows ------------------------------------------------------------------------------------


def test_the_place_page_says_in_plain_french_how_fresh_its_information_is(client, frozen):
    fresh = PlaceFactory(updated_on=date(2026, 10, 1))
    stale = PlaceFactory(updated_on=date(2024, 1, 5))
    undated = PlaceFactory(updated_on=None)

    page = client.get(fresh.get_absolute_url()).content.decode()
    assert '<p class="fr-badge fr-badge--success">Informations vérifiées il y a moins de 6 mois</p>' in page

    page = client.get(stale.get_absolute_url()).content.decode()
    assert (
        '<p class="fr-badge fr-badge--error">Informations à vérifier : dernière mise à jour il y a plus de 18 mois</p>'
        in page
    )

    page = client.get(undated.get_absolute_url()).content.decode()
    assert "date de mise à jour inconnue" in page
    assert "Informations vérifiées" not in page


def test_the_api_gives_the_band_next_to_date_maj(client, frozen):
    PlaceFactory(origin="t", origin_id="vieux", updated_on=date(2025, 9, 1))
    PlaceFactory(origin="t", origin_id="inconnu", updated_on=None)

    body = client.get("/api/v1/places/t--vieux/").json()
    assert body["date_maj"] == "2025-09-01"
    assert body["fraicheur"] == "12-18-mois"
    assert client.get("/api/v1/places/t--inconnu/").json()["fraicheur"] == "inconnue"
    listed = client.get("/api/v1/places/").json()["results"]
    assert {place["fraicheur"] for place in listed} == {"12-18-mois", "inconnue"}


def test_the_band_is_not_a_column_of_the_national_exports(client, frozen):
    PlaceFactory(updated_on=date(2025, 9, 1))

    for url in ("/api/v1/places/?format=csv", reverse("places:export", kwargs={"extension": "csv"})):
        response = client.get(url)
        text = (
            b"".join(response.streaming_content).decode() if response.streaming else response.content.decode()
        )
        header = next(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
        assert len(header) == 32 and "fraicheur" not in header


def test_moderators_filter_places_by_freshness_in_the_admin(admin_client, frozen):
    PlaceFactory(name="Lieu frais", updated_on=date(2026, 11, 1))
    PlaceFactory(name="Lieu oublié", updated_on=date(2023, 1, 1))
    url = reverse("admin:places_place_changelist")

    page = admin_client.get(url).content.decode()
    assert "fraîcheur des informations" in page and "?fraicheur=plus-18-mois" in page
    page = admin_client.get(url, {"fraicheur": "plus-18-mois"}).content.decode()
    assert "Lieu oublié" in page and "Lieu frais" not in page
    page = admin_client.get(url, {"fraicheur": "moins-6-mois"}).content.decode()
    assert "Lieu frais" in page and "Lieu oublié" not in page


# --- "Tout est à jour" -----------------------------------------------------------------------------------


@pytest.fixture
def old_place(frozen):
    return PlaceFactory(updated_on=date(2025, 1, 10), structure=StructureFactory())


def member_of(structure, role=Membership.Role.EDITOR) -> User:
    return MembershipFactory(structure=structure, role=role).user


def confirm_url(place) -> str:
    return reverse("places:confirm-fresh", kwargs={"pk": place.pk})


def test_a_member_confirms_a_published_place_at_once_and_the_history_says_who(client, old_place):
    user = member_of(old_place.structure)
    client.force_login(user)
    version = old_place.version

    response = client.post(confirm_url(old_place), {"next": old_place.get_absolute_url()})

    assert response.status_code == 302 and response["Location"] == old_place.get_absolute_url()
    old_place.refresh_from_db()
    assert old_place.updated_on == date(2026, 12, 1)
    assert old_place.status == Place.Status.PUBLISHED  # no moderation: no value changed
    assert old_place.version == version + 1
    assert not PlaceChange.objects.filter(place=old_place).exists()
    last = old_place.history.first()
    assert last.history_change_reason == f"Confirmé à jour par {user.username} (site)"
    assert last.history_user == user
    page = client.get(response["Location"]).content.decode()
    assert "est confirmé à jour : sa date de mise à jour est maintenant le 1 décembre 2026" in page
    assert "Informations vérifiées il y a moins de 6 mois" in page


def test_the_place_page_shows_the_button_to_its_structures_members_only(client, old_place):
    assert "Tout est à jour" not in client.get(old_place.get_absolute_url()).content.decode()
    client.force_login(member_of(StructureFactory()))
    assert "Tout est à jour" not in client.get(old_place.get_absolute_url()).content.decode()
    client.force_login(member_of(old_place.structure))
    page = client.get(old_place.get_absolute_url()).content.decode()
    assert f'action="{confirm_url(old_place)}"' in page and "Tout est à jour" in page


def test_staff_may_confirm_any_place(client, old_place):
    client.force_login(UserFactory(is_staff=True))

    assert client.post(confirm_url(old_place)).status_code == 302
    old_place.refresh_from_db()
    assert old_place.updated_on == date(2026, 12, 1)


def test_an_anonymous_visitor_is_sent_to_log_in(client, old_place):
    response = client.post(confirm_url(old_place))

    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
    old_place.refresh_from_db()
    assert old_place.updated_on == date(2025, 1, 10)


def test_a_member_of_another_structure_is_refused(client, old_place):
    client.force_login(member_of(StructureFactory(), role=Membership.Role.ADMIN))

    assert client.post(confirm_url(old_place)).status_code == 403
    assert client.get(reverse("places:review", kwargs={"pk": old_place.pk})).status_code == 403
    old_place.refresh_from_db()
    assert old_place.updated_on == date(2025, 1, 10)


def test_a_place_without_structure_is_confirmed_by_staff_only(client, frozen):
    place = PlaceFactory(updated_on=date(2025, 1, 10), structure=None)
    client.force_login(member_of(StructureFactory()))

    assert client.post(confirm_url(place)).status_code == 403


def test_confirming_takes_a_post(client, old_place):
    client.force_login(member_of(old_place.structure))

    assert client.get(confirm_url(old_place)).status_code == 405
    old_place.refresh_from_db()
    assert old_place.updated_on == date(2025, 1, 10)


def test_confirming_without_the_csrf_token_is_refused(old_place):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(member_of(old_place.structure))

    assert strict.post(confirm_url(old_place)).status_code == 403
    old_place.refresh_from_db()
    assert old_place.updated_on == date(2025, 1, 10)


def test_a_place_with_a_change_waiting_for_moderators_is_not_confirmed(client, old_place):
    PlaceChange.objects.create(place=old_place, structure=old_place.structure, values={"attributes": {}})
    client.force_login(member_of(old_place.structure))

    response = client.post(confirm_url(old_place), follow=True)

    old_place.refresh_from_db()
    assert old_place.updated_on == date(2025, 1, 10)
    assert "attend la relecture d&#x27;un modérateur" in response.content.decode()


def test_an_archived_place_has_nothing_to_confirm(client, old_place):
    Place.objects.filter(pk=old_place.pk).update(status=Place.Status.ARCHIVED)
    client.force_login(member_of(old_place.structure))

    client.post(confirm_url(old_place))

    old_place.refresh_from_db()
    assert old_place.updated_on == date(2025, 1, 10)


def test_a_next_address_elsewhere_is_not_followed(client, old_place):
    client.force_login(member_of(old_place.structure))

    response = client.post(confirm_url(old_place), {"next": "https://ailleurs.example/"})

    assert response["Location"] == reverse("places:review", kwargs={"pk": old_place.pk})


def test_the_review_page_shows_the_published_information_and_the_button(client, old_place):
    client.force_login(member_of(old_place.structure))

    page = client.get(reverse("places:review", kwargs={"pk": old_place.pk})).content.decode()

    assert "<h1>Vérifier et confirmer : " in page
    assert "Informations à vérifier : dernière mise à jour il y a plus de 18 mois" in page
    assert "12 rue de la République, 03100 Montluçon" in page and "Lundi : 9" in page
    assert f'action="{confirm_url(old_place)}"' in page


def test_the_review_page_asks_anonymous_visitors_to_log_in(client, old_place):
    response = client.get(reverse("places:review", kwargs={"pk": old_place.pk}))

    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
