from django.urls import path

from places.api import views

app_name = "api"

urlpatterns = [
    path("", views.index, name="index"),
    path("communes/", views.communes, name="communes"),
    path("clusters/", views.clusters, name="clusters"),
]
