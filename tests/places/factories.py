"""Factories of the places app. The test database holds the real communes gazetteer (tests/conftest.py)."""

import factory

from places.models import Commune, Place, Stop, Structure


class PlaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Place
        skip_postgeneration_save = True

    origin = "test"
    origin_id = factory.Sequence(lambda n: f"lieu-{n}")
    status = Place.Status.PUBLISHED
    name = factory.Sequence(lambda n: f"Espace numérique {n:03d}")
    address = "12 rue de la République"
    postcode = "03100"
    commune = factory.LazyFunction(lambda: Commune.objects.get(code="03185"))  # Montluçon
    commune_name = factory.LazyAttribute(lambda place: place.commune.name if place.commune else "")
    latitude = 46.3406
    longitude = 2.6030
    opening_hours = "Mo-Fr 09:00-12:00,14:00-17:00; PH off"

    @factory.post_generation
    def tags(place, create, extracted, **kwargs):
        """PlaceFactory(tags={"services": ["demarches-administratives"]})"""
        for vocabulary, values in (extracted or {}).items():
            place.set_tags(vocabulary, values)

    @factory.post_generation
    def openings(place, create, extracted, **kwargs):
        from places.services import refresh_openings

        refresh_openings(places=[place])


class StopFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Stop

    place = factory.SubFactory(PlaceFactory)
    position = factory.Sequence(int)
    name = factory.Sequence(lambda n: f"Arrêt {n}")
    address = "Place de la mairie"
    latitude = 46.30
    longitude = 2.70
    opening_hours = "We 09:30-12:00"


class StructureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Structure

    name = factory.Sequence(lambda n: f"Structure {n}")
    kind = Structure.Kind.COMMUNE
