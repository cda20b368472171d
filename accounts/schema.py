"""How the OpenAPI schema describes our token authentication (drf-spectacular extension)."""

from django.utils.translation import gettext_lazy
from drf_spectacular.extensions import OpenApiAuthenticationExtension


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "accounts.authentication.ApiTokenAuthentication"
    name = "jetonStructure"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": gettext_lazy(
                "Jeton d'une structure, créé par un de ses membres dans « Mon espace » : "
                "`Authorization: Bearer <clé>`. Nécessaire pour écrire, inutile pour lire."
            ),
        }
