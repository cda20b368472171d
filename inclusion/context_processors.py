from django.core.cache import cache
from django.utils.translation import get_language
from dsfr.models import DsfrConfig

SITE_CONFIG_SECONDS = 300


def site_config(request):
    """django-dsfr's site configuration, cached: its own context processor asks the database twice on
    every page (and a site configuration changes a few times a year)."""
    key = f"dsfr-site-config:{get_language()}"
    config = cache.get(key)
    if config is None:
        config = (
            DsfrConfig.objects.filter(language=get_language()).first() or DsfrConfig.objects.first() or False
        )
        cache.set(key, config, SITE_CONFIG_SECONDS)
    return {"SITE_CONFIG": config or None}
