from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Inclusion numérique — administration"
admin.site.site_title = "Inclusion numérique"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("places.urls")),
    path("programmes/", include("programmes.urls")),
    path("compte/", include("accounts.urls")),
    path("api/v1/", include("inclusion.api_urls")),
]
