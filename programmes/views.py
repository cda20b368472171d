from django.shortcuts import render

from programmes.models import Programme


def programme_list(request):
    return render(request, "programmes/list.html", {"programmes": Programme.objects.all()})
