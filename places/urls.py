from django.urls import path

from places import views

app_name = "places"

urlpatterns = [
    path("", views.home, name="home"),
    path("lieux/", views.place_list, name="list"),
    path("lieux/<int:pk>-<slug:slug>/", views.place_detail, name="detail"),
    path("lieux/<int:pk>/", views.place_detail, name="detail-short"),
    path("lieux/<int:pk>/signaler/", views.report_error, name="report-error"),
    path("territoires/<str:kind>/<str:code>/", views.territory, name="territory"),
    path("exports/lieux.<str:extension>", views.export_download, name="export"),
]
