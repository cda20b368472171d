"""Property-based run of our own OpenAPI schema against the API (schemathesis): generated requests, valid
and invalid, to every operation; no answer may be a server error, and every answer must match the schema
(status code, content type, headers, body), undeclared methods included.

Two checks are left out, because the schema cannot say what they expect: that every schema-valid request
is accepted (a bbox whose south is north of its north, `radius` without `near`, page 100 of 2 are refused
with a 400 or a 404 that names the parameter) and that every schema-invalid request is refused (the API
reads `hub=null&hub=null` as one value, as Django does).

Bounded: 25 examples per operation, so the suite stays fast.
"""

import json

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance

from places.vocabularies import Service, Vocabulary
from programmes.models import Programme, Support
from tests.places.factories import PlaceFactory, StopFactory, StructureFactory


def _our_schema() -> dict:
    # Generated as /api/v1/schema/ serves it, without a request (none can be made at collection time).
    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.renderers import OpenApiJsonRenderer

    return json.loads(OpenApiJsonRenderer().render(SchemaGenerator().get_schema(request=None, public=True)))


schema = schemathesis.openapi.from_dict(_our_schema())
schema.app = WSGIHandler()


@pytest.fixture(autouse=True)
def directory(settings):
    settings.ALLOWED_HOSTS = ["localhost", "testserver"]
    # Hundreds of requests in one test: no rate limit here (throttling has its own tests).
    settings.API_THROTTLE_ANON = settings.API_THROTTLE_TOKEN = "100000/minute"
    structure = StructureFactory()
    place = PlaceFactory(structure=structure, tags={Vocabulary.SERVICES: [Service.DEMARCHES]})
    StopFactory(place=PlaceFactory(tags={Vocabulary.ITINERANCE: ["itinerant"]}))
    programme = Programme.objects.create(
        slug="conseillers-numeriques", name="Conseillers numériques", kind="dispositif"
    )
    Support.objects.create(programme=programme, place=place, structure=structure)


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_the_api_keeps_to_its_schema_and_never_fails(case):
    case.call_and_validate(excluded_checks=[positive_data_acceptance, negative_data_rejection])
