from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacesConfig(AppConfig):
    name = "places"
    verbose_name = _("Annuaire des lieux")

    def ready(self):
        from django.db.backends.signals import connection_created

        from places.geo import register_sqlite_functions

        connection_created.connect(register_sqlite_functions, dispatch_uid="places-sqlite-functions")
