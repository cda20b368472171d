"""The national standard's 32 columns and how each maps onto a Place.

One place for the correspondence, used by the readers, the importer, the writers and the API serializers.
"""

from places.vocabularies import Vocabulary

VERSION = "v1.0.2"

COLUMNS = [
    "id",
    "pivot",
    "nom",
    "commune",
    "code_postal",
    "code_insee",
    "adresse",
    "complement_adresse",
    "latitude",
    "longitude",
    "typologie",
    "telephone",
    "courriels",
    "site_web",
    "horaires",
    "presentation_resume",
    "presentation_detail",
    "source",
    "itinerance",
    "structure_parente",
    "date_maj",
    "services",
    "publics_specifiquement_adresses",
    "prise_en_charge_specifique",
    "frais_a_charge",
    "dispositif_programmes_nationaux",
    "formations_labels",
    "autres_formations_labels",
    "modalites_acces",
    "modalites_accompagnement",
    "fiche_acces_libre",
    "prise_rdv",
]

# Single-valued text columns and the Place attribute holding each.
TEXT_ATTRIBUTES = {
    "pivot": "pivot",
    "nom": "name",
    "commune": "commune_name",
    "code_postal": "postcode",
    "adresse": "address",
    "complement_adresse": "address_complement",
    "telephone": "phone",
    "horaires": "opening_hours",
    "presentation_resume": "summary",
    "presentation_detail": "description",
    "source": "source",
    "structure_parente": "parent_structure_name",
    "fiche_acces_libre": "acceslibre_url",
    "prise_rdv": "booking_url",
}

# Multi-valued free lists (JSON lists on the Place).
LIST_ATTRIBUTES = {
    "courriels": "emails",
    "site_web": "websites",
    "autres_formations_labels": "other_labels",
}

# Multi-valued closed vocabularies (PlaceTag rows); the column name is the vocabulary's name.
TAG_COLUMNS = [column for column in COLUMNS if column in Vocabulary.values]

SEPARATOR = "|"

# The standard requires a pivot; the national pipeline writes this placeholder when none is known.
NO_PIVOT = "00000000000000"

REQUIRED = ["id", "pivot", "nom", "commune", "code_postal", "adresse", "date_maj"]
