from django.contrib.admin.apps import SimpleAdminConfig


class InclusionAdminConfig(SimpleAdminConfig):
    """The admin without autodiscovery.

    django-leaflet ships a `leaflet/admin.py` that imports GeoDjango (GDAL) at import time; autodiscovery
    would import it and crash on machines without GDAL. We import our own admin modules instead.
    """

    def ready(self):
        super().ready()
        from django.contrib import admin

        from accounts.forms import AdminLoginForm

        admin.site.login_form = AdminLoginForm
        import axes.admin  # noqa: F401  (failed logins and lockouts, for moderators to read or lift)
        import django.contrib.auth.admin  # noqa: F401
        import dsfr.admin  # noqa: F401

        import accounts.admin  # noqa: F401
        import places.admin  # noqa: F401
        import programmes.admin  # noqa: F401
