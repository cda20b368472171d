from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacesConfig(AppConfig):
    name = "places"
    verbose_name = _("Annuaire des lieux")

    def ready(self):
        # The one exception to "no side effects in signals": cache invalidation. Every save or delete of what
        # the API serves makes its cached answers stale, whoever writes (admin, forms, services, a shell);
        # bulk paths that send no signal (imports, the generator) call versioning.bump() themselves.
        from django.db.models.signals import post_delete, post_save

        from places import versioning

        for model in ("Place", "Stop", "Structure"):
            for signal in (post_save, post_delete):
                signal.connect(versioning.on_write, sender=f"places.{model}", dispatch_uid=f"version-{model}")
