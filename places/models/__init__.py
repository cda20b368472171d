"""The directory's models: territories, structures (porteurs), places and their stops."""

from places.models.changes import PlaceChange, PlaceClaim
from places.models.coverage import CommuneCoverage, TerritoryCoverage
from places.models.moderators import ModeratorScope
from places.models.places import Place, PlaceTag, Stop, WeeklyOpening
from places.models.reminders import FreshnessReminder
from places.models.reports import ErrorReport
from places.models.structures import Structure
from places.models.territories import Commune, CommunePostcode, Departement, Epci, Region

__all__ = [
    "Commune",
    "CommuneCoverage",
    "CommunePostcode",
    "Departement",
    "Epci",
    "ErrorReport",
    "FreshnessReminder",
    "ModeratorScope",
    "Place",
    "PlaceChange",
    "PlaceClaim",
    "PlaceTag",
    "Region",
    "Stop",
    "Structure",
    "TerritoryCoverage",
    "WeeklyOpening",
]
