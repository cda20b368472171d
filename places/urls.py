from django.urls import include, path, register_converter

from places import coverage_views, embed_views, hub_views, member_views, review_views, views


class CodeConverter:
    """A territory code: any text but "/" and NUL (text.has_nul: no such code can exist)."""

    regex = "[^/\x00]+"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(CodeConverter, "code")

app_name = "places"

urlpatterns = [
    path("", views.home, name="home"),
    path("lieux/", views.place_list, name="list"),
    path("lieux/<int:pk>-<slug:slug>/", views.place_detail, name="detail"),
    path("lieux/<int:pk>/", views.place_detail, name="detail-short"),
    path("lieux/<int:pk>/signaler/", views.report_error, name="report-error"),
    # "Tout est à jour" (places/review_views.py): a member checks a place and confirms it in one click.
    path("lieux/<int:pk>/verifier/", review_views.place_review, name="review"),
    path("lieux/<int:pk>/a-jour/", review_views.place_confirm, name="confirm-fresh"),
    # A structure's members (places/member_views.py).
    path("lieux/nouveau/", member_views.place_create, name="member-create"),
    path("lieux/<int:pk>/modifier/", member_views.place_edit, name="member-edit"),
    path("lieux/<int:pk>/fermer/", member_views.place_close, name="member-close"),
    path("lieux/<int:pk>/revendiquer/", member_views.place_claim, name="member-claim"),
    path("territoires/<str:kind>/<code:code>/", views.territory, name="territory"),
    path(
        "territoires/departement/<code:code>/couverture/",
        coverage_views.departement_coverage,
        name="departement-coverage",
    ),
    path("exports/lieux.<str:extension>", views.export_download, name="export"),
    path("hubs/", hub_views.hub_list, name="hubs"),
    path("hubs/<int:pk>/", hub_views.hub_detail, name="hub"),
    # A helper orients someone: a guided path to a printable fiche (places/orientation/).
    path("orienter/", include("places.orientation.urls")),
    # The embeddable directory (places/embed_views.py, docs/embed.md): the one page other sites may frame.
    path("integrer/", embed_views.configure, name="embed-configure"),
    path("integrer/lieux/", embed_views.embed_places, name="embed"),
]
