""" "Signaler une erreur" stops a flood from one address; the operator sets how many an hour."""

from places.models import ErrorReport
from tests.places.factories import PlaceFactory

REPORT = {"kind": "horaires", "message": "Fermé le lundi matin."}


def test_reports_beyond_the_hourly_limit_of_an_address_are_refused(client, settings):
    settings.ERROR_REPORTS_PER_HOUR = 2
    url = f"/lieux/{PlaceFactory().pk}/signaler/"

    statuses = [client.post(url, REPORT).status_code for _ in range(3)]

    assert statuses == [302, 302, 429]
    assert ErrorReport.objects.count() == 2
