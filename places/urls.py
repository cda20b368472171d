from django.urls import path

from places import views

app_name = "places"

urlpatterns = [
    path("", views.home, name="home"),
    path("lieux/", views.place_list, name="list"),
]
