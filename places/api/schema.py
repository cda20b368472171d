"""Our OpenAPI schema generator (drf-spectacular's AutoSchema, three changes).

- GeoJSON and CSV answers are described as what they are (drf-spectacular gives every format the JSON schema).
- Reads are public: they carry no security requirement (a token is only needed to write).
- Every operation documents the errors any request can meet: 400 (a bad parameter or body), 401 (a wrong
  or revoked token), 404 (an unknown id), 429 (rate limit). Clients and schemathesis can rely on the list.
"""

from django.utils.translation import gettext_lazy
from drf_spectacular.openapi import AutoSchema
from rest_framework.permissions import SAFE_METHODS

ERROR_SCHEMA = {
    "type": "object",
    "description": gettext_lazy(
        "`detail` pour une erreur générale ; sinon un message par paramètre ou par champ."
    ),
    "additionalProperties": True,
    "properties": {"detail": {"type": "string"}},
}
GEOJSON_SCHEMA = {
    "type": "object",
    "description": gettext_lazy(
        "FeatureCollection (une page de lieux, avec `next`, `previous`, `count`) ou Feature (un lieu) ; "
        "les propriétés sont les champs du lieu en JSON."
    ),
    "required": ["type"],
    "properties": {"type": {"type": "string", "enum": ["FeatureCollection", "Feature"]}},
}
ERRORS = {
    "400": gettext_lazy("Paramètre ou donnée invalide : un message par paramètre ou par champ."),
    "401": gettext_lazy("Jeton absent (pour écrire), inconnu ou révoqué."),
    "404": gettext_lazy("Ressource introuvable (ou page au-delà de la dernière)."),
    "429": gettext_lazy("Trop de requêtes : voir les en-têtes RateLimit-* et Retry-After."),
}


class DirectorySchema(AutoSchema):
    def get_auth(self):
        if self.method in SAFE_METHODS:
            return []
        return super().get_auth()

    def get_operation(self, *args, **kwargs):
        operation = super().get_operation(*args, **kwargs)
        if operation is None:
            return operation
        responses = operation.setdefault("responses", {})
        for response in responses.values():
            content = response.get("content", {})
            if "text/csv" in content:
                content["text/csv"] = {
                    "schema": {"type": "string", "description": gettext_lazy("CSV national v1.0.2.")}
                }
            if "application/geo+json" in content:
                content["application/geo+json"] = {"schema": GEOJSON_SCHEMA}
        for code, description in ERRORS.items():
            responses.setdefault(
                code, {"description": description, "content": {"application/json": {"schema": ERROR_SCHEMA}}}
            )
        return operation
