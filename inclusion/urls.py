from django.contrib import admin
from django.urls import include, path

from inclusion.health import health

admin.site.site_header = "Inclusion numérique — administration"
admin.site.site_title = "Inclusion numérique"

urlpatterns = [
    # For load balancers and probes (docs/deploy.md): database and cache checked, never cached.
    path("sante/", health, name="health"),
    path("admin/", admin.site.urls),
    path("", include("places.urls")),
    path("", include("places.moderation_urls")),
    path("programmes/", include("programmes.urls")),
    path("compte/", include("accounts.urls")),
    path("api/v1/", include("inclusion.api_urls")),
]
