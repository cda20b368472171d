"""The hostile-input run of the site: every public form and page parameter fed malformed, oversized, nested,
binary, mis-encoded, NUL-laden and injection-shaped input answers without a server error, and stores nothing
it should not (row counts before and after). The API's run is tests/api/test_hostile_input.py and
test_schemathesis.py; the importer's, tests/places/test_import_hostile.py."""

import pytest
from django.urls import reverse

from accounts.models import ApiToken
from places.models import ErrorReport, Place
from places.search.parameters import known_names
from tests.accounts.factories import MembershipFactory
from tests.places.factories import PlaceFactory

HOSTILE = [
    "\x00",
    "nom\x00caché",
    "x" * 200_000,
    "[" * 10_000,
    "{" * 10_000 + "}" * 10_000,
    "Ã©tÃ© â€“ mal dÃ©codÃ©",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "' OR 1=1 --",
    '=HYPERLINK("http://evil.example","x")',
    "../../../../etc/passwd",
    "%00%ff%fe",
    "9" * 400,
    "-1e309",
    "nan",
    "😀" * 1000,
]


@pytest.fixture(autouse=True)
def _generous_limits(settings):
    # The run is about what each input does, not about the rate limits (tested in test_rate_limits.py).
    settings.ERROR_REPORTS_PER_HOUR = 10_000
    settings.DOWNLOAD_RATE = "10000/hour"


def counts() -> dict:
    return {model.__name__: model.objects.count() for model in (Place, ErrorReport, ApiToken)}


def safe_status(response) -> int:
    assert response.status_code < 500, response.status_code
    return response.status_code


@pytest.mark.parametrize("value", HOSTILE, ids=range(len(HOSTILE)))
def test_search_pages_and_downloads_answer_every_parameter_without_a_server_error(client, value):
    PlaceFactory()
    before = counts()
    for name in sorted(known_names() - {"format"}):
        for url in ("/lieux/", "/exports/lieux.csv", "/territoires/departement/03/", "/"):
            response = client.get(url, {name: value})
            safe_status(response)
            if response.streaming:
                b"".join(response.streaming_content)
    assert counts() == before


@pytest.mark.parametrize("value", HOSTILE, ids=range(len(HOSTILE)))
def test_the_error_report_form_stores_only_what_it_accepts(client, value):
    place = PlaceFactory()
    url = reverse("places:report-error", kwargs={"pk": place.pk})
    before = ErrorReport.objects.count()

    statuses = [
        safe_status(client.post(url, {"kind": value, "message": "ok"})),
        safe_status(client.post(url, {"kind": "autre", "message": value})),
        safe_status(client.post(url, {"kind": "autre", "message": "ok", "email": value})),
    ]

    stored = ErrorReport.objects.count() - before
    assert statuses[0] == 400 and statuses[2] == 400
    if statuses[1] == 302:  # an odd but harmless message is kept as it was written
        assert ErrorReport.objects.latest("pk").message == value
    assert stored == (statuses[1] == 302)
    assert not any("\x00" in message for message in ErrorReport.objects.values_list("message", flat=True))


def test_query_strings_that_are_not_utf8_are_read_without_a_server_error(client):
    PlaceFactory()
    for query in ("q=%ff%fe", "ou=%ED%A0%80", "services=%C3%28", "q=%", "page=%00", "q=" + "%e9" * 5000):
        safe_status(client.get(f"/lieux/?{query}"))
        safe_status(client.get(f"/api/v1/places/?{query}"))


def test_a_form_body_of_raw_bytes_is_refused_cleanly(client):
    place = PlaceFactory()
    url = reverse("places:report-error", kwargs={"pk": place.pk})
    for body in (bytes(range(256)) * 50, b"kind=autre&message=" + b"\xff\xfe\x00" * 1000, b"%" * 10_000):
        safe_status(client.post(url, body, content_type="application/x-www-form-urlencoded"))
        safe_status(client.post(url, body, content_type="multipart/form-data; boundary=x"))
    assert not any("\x00" in message for message in ErrorReport.objects.values_list("message", flat=True))


@pytest.mark.parametrize("value", HOSTILE, ids=range(len(HOSTILE)))
def test_login_and_token_forms_answer_hostile_input_without_a_server_error(client, value):
    membership = MembershipFactory()
    for login in (reverse("accounts:login"), reverse("admin:login")):
        safe_status(client.post(login, {"username": value, "password": value}))
    client.force_login(membership.user)
    before = ApiToken.objects.count()

    status = safe_status(
        client.post(reverse("accounts:token-create", args=[membership.structure_id]), {"name": value})
    )

    created = ApiToken.objects.count() - before
    assert created == (status == 200)
    assert not any("\x00" in name for name in ApiToken.objects.values_list("name", flat=True))
