import re

from django.core.paginator import Paginator
from django.shortcuts import render

from places.models import Place
from places.vocabularies import Vocabulary, label_of

PLACES_PER_PAGE = 20


def home(request):
    return render(request, "places/home.html", {"place_count": Place.objects.published().canonical().count()})


def place_list(request):
    # Probable duplicates are left out: each real place once. select_related and with_tags keep the page at
    # three queries (count, places, tags), whatever its size.
    places = Place.objects.published().canonical().select_related("commune").with_tags()
    page = Paginator(places, PLACES_PER_PAGE).get_page(request.GET.get("page"))
    for place in page:
        # The standard's labels in its order (TagList), read from the prefetched tags.
        place.service_labels = [label_of(Vocabulary.SERVICES, value) for value in place.services]
        place.phone_display = display_phone(place.phone)
    page_numbers = page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1)
    return render(request, "places/list.html", {"page_obj": page, "page_numbers": page_numbers})


def display_phone(phone: str) -> str:
    """A metropolitan number the way people read it: "+33180059880" -> "01 80 05 98 80"."""
    if re.fullmatch(r"\+33\d{9}", phone):
        national = "0" + phone[3:]
        return " ".join(national[i : i + 2] for i in range(0, 10, 2))
    return phone
