"""The directory's models: territories, structures (porteurs), places and their stops."""

from places.models.places import Place, PlaceTag, Stop
from places.models.structures import Structure
from places.models.territories import Commune, CommunePostcode, Departement, Epci, Region

__all__ = [
    "Commune",
    "CommunePostcode",
    "Departement",
    "Epci",
    "Place",
    "PlaceTag",
    "Region",
    "Stop",
    "Structure",
]
