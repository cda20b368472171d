"""What the API promises at the HTTP level: stable pagination, conditional requests, rate limits, CORS,
its documentation served without the internet."""

from urllib.parse import urlsplit

from tests.places.factories import PlaceFactory

LIST = "/api/v1/places/"


def pull_all(api, **params) -> list[str]:
    """Follow `next` links to the end, as a bulk client does."""
    found, url = [], LIST
    response = api.get(url, params)
    while True:
        body = response.json()
        found += [place["id"] for place in body["results"]]
        if not body["next"]:
            return found
        next_url = urlsplit(body["next"])
        response = api.get(f"{next_url.path}?{next_url.query}")


def test_cursor_pagination_sees_every_place_once_while_places_are_added(api):
    PlaceFactory.create_batch(25)
    first = api.get(LIST, {"page_size": 10}).json()
    seen = [place["id"] for place in first["results"]]
    PlaceFactory.create_batch(5)  # added while the client pulls

    next_url = urlsplit(first["next"])
    response = api.get(f"{next_url.path}?{next_url.query}")
    while True:
        body = response.json()
        seen += [place["id"] for place in body["results"]]
        if not body["next"]:
            break
        next_url = urlsplit(body["next"])
        response = api.get(f"{next_url.path}?{next_url.query}")

    assert len(seen) == len(set(seen)) == 30
    assert "count" not in first  # no total: counting 100,000 rows at each page would cost more than the page


def test_a_client_pulls_everything_then_only_what_changed(api):
    from django.utils import timezone

    PlaceFactory.create_batch(12)
    everything = pull_all(api, page_size=5)
    started = timezone.now()
    changed = PlaceFactory()
    assert len(everything) == 12

    since = pull_all(api, updated_since=started.isoformat(), page_size=5)

    assert since == [f"test--{changed.origin_id}"]


def test_page_numbers_give_a_total_and_link_headers(api):
    PlaceFactory.create_batch(5)
    response = api.get(LIST, {"page": 2, "page_size": 2})
    assert response.json()["count"] == 5
    assert response["X-Total-Count"] == "5"
    assert 'rel="next"' in response["Link"] and 'rel="prev"' in response["Link"]
    assert api.get(LIST, {"page": 9, "page_size": 2}).status_code == 404


def test_an_unchanged_answer_is_a_304_and_a_change_makes_it_200_again(api):
    place = PlaceFactory(name="Avant")
    first = api.get(f"{LIST}{place.pk}/")
    etag, last_modified = first["ETag"], first["Last-Modified"]

    same = api.get(f"{LIST}{place.pk}/", HTTP_IF_NONE_MATCH=etag)
    since = api.get(f"{LIST}{place.pk}/", HTTP_IF_MODIFIED_SINCE=last_modified)
    assert same.status_code == since.status_code == 304
    assert same.content == b""
    assert same["ETag"] == etag

    place.name = "Après"
    place.save()

    changed = api.get(f"{LIST}{place.pk}/", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed.json()["nom"] == "Après"
    assert changed["ETag"] != etag


def test_listings_are_conditional_too_and_depend_on_the_parameters(api):
    PlaceFactory()
    all_places = api.get(LIST)
    geojson = api.get(LIST, {"format": "geojson"})
    assert all_places["ETag"] != geojson["ETag"]
    assert api.get(LIST, HTTP_IF_NONE_MATCH=all_places["ETag"]).status_code == 304
    assert "public" in all_places["Cache-Control"]


def test_anonymous_clients_are_limited_per_address_with_standard_headers(api, settings):
    settings.API_THROTTLE_ANON = "3/minute"
    answers = [api.get(LIST, REMOTE_ADDR="192.0.2.1") for _ in range(4)]
    other_address = api.get(LIST, REMOTE_ADDR="192.0.2.2")

    assert [answer.status_code for answer in answers] == [200, 200, 200, 429]
    assert answers[0]["RateLimit-Limit"] == "3"
    assert [answer["RateLimit-Remaining"] for answer in answers[:3]] == ["2", "1", "0"]
    assert int(answers[3]["Retry-After"]) > 0
    assert other_address.status_code == 200


def test_a_token_has_its_own_limit(client_a, api, settings):
    settings.API_THROTTLE_ANON = "1/minute"
    settings.API_THROTTLE_TOKEN = "5/minute"
    assert [client_a.get(LIST).status_code for _ in range(3)] == [200, 200, 200]
    assert client_a.get(LIST)["RateLimit-Limit"] == "5"
    assert [api.get(LIST).status_code for _ in range(2)] == [200, 429]


def test_any_web_page_may_read_the_api_but_not_write(api):
    read = api.get(LIST, HTTP_ORIGIN="https://carto.example.org")
    preflight = api.options(
        LIST,
        HTTP_ORIGIN="https://carto.example.org",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
    )
    assert read["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in read["Access-Control-Expose-Headers"]
    assert "POST" not in preflight.get("Access-Control-Allow-Methods", "")
    assert "Access-Control-Allow-Origin" not in api.get("/lieux/", HTTP_ORIGIN="https://x.example.org")


def test_the_documentation_is_served_from_our_own_static_files(client):
    swagger = client.get("/api/v1/docs/").content.decode()
    redoc = client.get("/api/v1/redoc/").content.decode()
    schema = client.get("/api/v1/schema/", {"format": "json"}).json()

    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in swagger
    assert "/static/drf_spectacular_sidecar/redoc/" in redoc
    for page in (swagger, redoc):
        assert "cdn." not in page and "unpkg" not in page and "jsdelivr" not in page
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/places/" in schema["paths"]
    place_filters = {
        parameter["name"] for parameter in schema["paths"]["/api/v1/places/"]["get"]["parameters"]
    }
    assert {"services", "near", "radius", "bbox", "updated_since", "cursor", "page"} <= place_filters
    assert (
        client.get("/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js").status_code == 200
    )


def test_the_index_links_every_resource(api):
    body = api.get("/api/v1/").json()
    assert body["lieux"].endswith("/api/v1/places/")
    assert body["documentation"].endswith("/api/v1/docs/")
    for url in (body["structures"], body["programmes"], body["communes"], body["vocabulaires"]):
        assert api.get(urlsplit(url).path).status_code == 200


def test_a_numbered_page_and_its_total_come_from_one_query(api, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    PlaceFactory.create_batch(5)
    with CaptureQueriesContext(connection) as queries:
        body = api.get(LIST, {"near": "46.3406,2.6030", "page_size": 2, "page": 2}).json()

    assert body["count"] == 5 and len(body["results"]) == 2
    assert not any("COUNT(*) AS" in query["sql"].upper() for query in queries.captured_queries)
    assert api.get(LIST, {"near": "46.3406,2.6030", "page_size": 2, "page": 4}).status_code == 404
    assert api.get(LIST, {"near": "0,0", "radius": 1}).json()["count"] == 0
