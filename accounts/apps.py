from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Comptes et accès à l'API")

    def ready(self):
        from accounts import schema  # noqa: F401  (registers the OpenAPI description of our tokens)
