from django.urls import path

from places.orientation import views

app_name = "orientation"

urlpatterns = [
    path("", views.need, name="need"),
    path("depart/", views.where, name="where"),
    path("moment/", views.when, name="when"),
    path("lieux/", views.results, name="results"),
    path("fiche/<int:pk>/", views.fiche, name="fiche"),
]
