from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    name = "programmes"
    verbose_name = _("Programmes")

    def ready(self):
        # See places.apps: saves and deletes make the API's cached answers stale.
        from django.db.models.signals import post_delete, post_save

        from places import versioning

        for model in ("Programme", "Target", "Support"):
            for signal in (post_save, post_delete):
                signal.connect(
                    versioning.on_write, sender=f"programmes.{model}", dispatch_uid=f"version-{model}"
                )
