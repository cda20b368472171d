"""/api/v1/: the REST API (docs/api.md). French names for people's pages, English paths for the API."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from places.api import coverage, directory, views
from programmes import api as programmes_api

app_name = "api"

router = SimpleRouter()
router.register("places", views.PlaceViewSet, basename="place")
router.register("structures", directory.StructureViewSet, basename="structure")
router.register("programmes", programmes_api.ProgrammeViewSet, basename="programme")
router.register("supports", programmes_api.SupportViewSet, basename="support")
router.register("communes", directory.CommuneViewSet, basename="commune")
router.register("departements", directory.DepartementViewSet, basename="departement")
router.register("regions", directory.RegionViewSet, basename="region")

urlpatterns = [
    path("", views.ApiRootView.as_view(), name="index"),
    path("places/removed/", views.RemovedPlacesView.as_view(), name="place-removed"),
    path("clusters/", views.ClustersView.as_view(), name="clusters"),
    path("vocabulaires/", views.VocabulariesView.as_view(), name="vocabularies"),
    path("couverture/", coverage.CoverageView.as_view(), name="coverage"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves Swagger UI's start as a script of its own (docs/?script=): no inline script.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("redoc/", views.RedocView.as_view(url_name="api:schema"), name="redoc"),
    path("", include(router.urls)),
]
