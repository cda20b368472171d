"""Who moderates where: a moderator limited to some régions and départements (none: everywhere)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ModeratorScope(models.Model):
    """The territory of one moderator. A place is theirs when its commune is in one of the régions or
    départements listed; a moderator without a scope (or with an empty one) moderates the whole country."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="moderator_scope",
        verbose_name=_("modérateur"),
    )
    regions = models.ManyToManyField("places.Region", blank=True, related_name="+", verbose_name=_("régions"))
    departements = models.ManyToManyField(
        "places.Departement", blank=True, related_name="+", verbose_name=_("départements")
    )

    class Meta:
        verbose_name = _("territoire de modération")
        verbose_name_plural = _("territoires de modération")

    def __str__(self):
        return str(self.user)
