"""HTML pages are gzipped for browsers that ask; API answers keep their bytes and their strong ETags."""

import gzip

import pytest
from django.test import Client

from tests.places.factories import PlaceFactory

pytestmark = pytest.mark.django_db


def test_an_html_page_is_gzipped_when_the_browser_accepts_it():
    response = Client().get("/", HTTP_ACCEPT_ENCODING="gzip, deflate")

    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    html = gzip.decompress(response.content).decode()
    assert "<html" in html
    assert len(response.content) < len(html) / 3


def test_an_html_page_is_sent_as_it_is_to_a_client_that_does_not_accept_gzip():
    response = Client().get("/")

    assert not response.has_header("Content-Encoding")
    assert b"<html" in response.content


def test_an_api_answer_is_not_compressed_and_keeps_its_strong_etag():
    # Partners send the ETag back in If-Match (places/concurrency.py): a weakened W/"…" would never match.
    place = PlaceFactory()
    plain = Client().get(f"/api/v1/places/{place.pk}/")
    compressed = Client().get(f"/api/v1/places/{place.pk}/", HTTP_ACCEPT_ENCODING="gzip")

    assert compressed.status_code == 200
    assert not compressed.has_header("Content-Encoding")
    assert compressed.content == plain.content
    assert compressed["ETag"] == plain["ETag"]
    assert compressed["ETag"].startswith('"v')
