from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy

from inclusion.health import health
from inclusion.i18n import switch_language

admin.site.site_header = gettext_lazy("Inclusion numérique — administration")
admin.site.site_title = gettext_lazy("Inclusion numérique")

urlpatterns = [
    # For load balancers and probes (docs/deploy.md): database and cache checked, never cached.
    path("sante/", health, name="health"),
    path("admin/", admin.site.urls),
    # The header's language switch (inclusion/i18n.py): sets the language cookie, back to the page.
    path("langue/<str:code>/", switch_language, name="language"),
    path("", include("places.urls")),
    path("", include("places.moderation_urls")),
    path("programmes/", include("programmes.urls")),
    path("compte/", include("accounts.urls")),
    path("api/v1/", include("inclusion.api_urls")),
]
