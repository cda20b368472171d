from django.shortcuts import render

from places.models import Place


def home(request):
    return render(request, "places/home.html", {"place_count": Place.objects.published().count()})


def place_list(request):
    return render(request, "places/list.html", {"places": Place.objects.published()[:50]})
