from django.urls import path, register_converter

from places import views


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
    path("territoires/<str:kind>/<code:code>/", views.territory, name="territory"),
    path("exports/lieux.<str:extension>", views.export_download, name="export"),
]
