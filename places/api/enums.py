"""Choice sets named in the OpenAPI schema (settings SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"]): structures and
programmes both have a field "nature", each with its own list; drf-spectacular imports these when it builds the
schema, once the models are loaded."""

from places.models import Structure
from programmes.models import Programme

STRUCTURE_KINDS = Structure.Kind.choices
PROGRAMME_KINDS = Programme.Kind.choices
