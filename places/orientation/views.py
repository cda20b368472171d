"""The orientation path's pages: three steps, the places proposed, the fiche d'orientation.

Every page is a GET whose query string carries the answers so far: the path works without JavaScript, a step
can be bookmarked or sent, and "Modifier" goes back to a step with its answers filled in. Each page checks the
answers of the steps before it and shows the first step that is wrong, with its message, instead of going on.
"""

from django.http import QueryDict
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from places import geo, hours
from places.models import Place
from places.orientation.forms import STEPS, NeedForm, WhenForm, WhereForm
from places.orientation.matching import MOMENTS, Orientation, assess, best_places, moment_words
from places.orientation.needs import ACCESS_OF, NEED_OF, NEEDS, PUBLICS, what_to_bring
from places.orientation.sketch import map_sketch, qr_code
from places.search.engine import attach_tags_and_stops

STEP_NAMES = ("need", "where", "when", "results")
STEP_TITLES = (
    gettext_lazy("Son besoin"),
    gettext_lazy("D'où elle part"),
    gettext_lazy("Quand elle peut y aller"),
    gettext_lazy("Les lieux proposés"),
)


def need(request):
    return _step(request, 0)


def where(request):
    return _step(request, 1)


def when(request):
    return _step(request, 2)


def results(request):
    forms, failed = _checked(request, 3)
    if failed is not None:
        return _page(request, failed, forms[failed], status=400)
    orientation = _orientation(*forms)
    found = best_places(orientation)
    query = _answers(request, 3)
    wider = query.copy()
    wider["rayon"] = str(found.wider_radius or "")
    any_time = query.copy()
    for name in ("jour", "moment"):
        any_time.pop(name, None)
    return render(
        request,
        "places/orientation/results.html",
        {
            **_stepper(3),
            "orientation": orientation,
            "found": found,
            "summary": _summary(forms, query),
            "query_string": query.urlencode(),
            "wider_url": f"{reverse('places:orientation:results')}?{wider.urlencode()}",
            "any_time_url": f"{reverse('places:orientation:results')}?{any_time.urlencode()}",
        },
    )


def fiche(request, pk: int):
    """The place for this person, on one printed page. The answers are optional here: a fiche reached from a
    shared link without them still gives the place, its hours and what everyone should bring."""
    place = get_object_or_404(Place.objects.published().select_related("commune"), pk=pk)
    attach_tags_and_stops([place])
    need_form, where_form, when_form = (Form(request.GET) for Form in STEPS)
    need_ok, where_ok, when_ok = need_form.is_valid(), where_form.is_valid(), when_form.is_valid()
    centre = where_form.centre if where_ok else None
    orientation = None
    if need_ok:
        orientation = Orientation(
            need=NEED_OF[need_form.cleaned_data["besoin"]],
            access=tuple(ACCESS_OF[key] for key in need_form.cleaned_data["adapte"]),
            public=need_form.cleaned_data["public"],
            windows=when_form.windows() if when_ok else (),
        )
    now = timezone.now()
    # A bus is met at the stop nearest the person (its first stop without a starting point).
    stops = list(place.stop_list)
    if stops and centre is not None:
        stops.sort(
            key=lambda stop: geo.haversine_km(
                centre.latitude, centre.longitude, stop.latitude, stop.longitude
            )
        )
    stop = stops[0] if stops else None
    where_to = stop or place
    point = (where_to.latitude, where_to.longitude) if where_to.latitude is not None else None
    km = geo.haversine_km(centre.latitude, centre.longitude, *point) if centre and point else None
    query = _answers(request, 3) if need_ok and where_ok else QueryDict()
    place_url = request.build_absolute_uri(place.get_absolute_url())
    return render(
        request,
        "places/orientation/fiche.html",
        {
            "place": place,
            "stop": stop,
            "need": orientation.need if orientation else None,
            "centre": centre,
            "distance_km": km,
            "week": hours.week(where_to.opening_hours, now),
            "bring": what_to_bring(orientation.need, orientation.access)
            if orientation
            else what_to_bring(None),
            "cautions": assess(place, orientation).cautions if orientation else [],
            "sketch": map_sketch(point, stop.name if stop else place.name, centre, km) if point else "",
            "qr_code": qr_code(place_url),
            "place_url": place_url,
            "today": now,
            "results_url": f"{reverse('places:orientation:results')}?{query.urlencode()}" if query else "",
        },
    )


# --- Steps ----------------------------------------------------------------------------------------------------


def _step(request, number: int):
    forms, failed = _checked(request, number)
    if failed is not None:
        return _page(request, failed, forms[failed], status=400)
    Form = STEPS[number]
    # Filled in when the step's answers are in the query ("Modifier"), blank on the way forward.
    given = any(name in request.GET for name in Form.base_fields)
    return _page(request, number, Form(request.GET if given else None), previous=forms)


def _checked(request, count: int) -> tuple[list, int | None]:
    """The forms of the first `count` steps, bound to the query, and the number of the first invalid one."""
    forms = [Form(request.GET) for Form in STEPS[:count]]
    failed = next((number for number, form in enumerate(forms) if not form.is_valid()), None)
    return forms, failed


def _page(request, number: int, form, *, previous=None, status: int = 200):
    previous = previous if previous is not None else [Form(request.GET) for Form in STEPS[:number]]
    answers = _answers(request, 3)
    # Every other step's answers go on (those of later steps too: "Modifier" keeps them); this step's come
    # from its own fields, so a box unticked is dropped, and so is a commune chosen for a name typed again.
    hidden = [
        (name, value)
        for name in answers
        if name not in STEPS[number].base_fields
        for value in answers.getlist(name)
    ]
    valid = all(f.is_valid() for f in previous)
    context = {
        **_stepper(number),
        "form": form,
        "action": reverse(f"places:orientation:{STEP_NAMES[number + 1]}"),
        "hidden": hidden,
        "summary": _summary(previous, answers) if valid else [],
        "back_url": f"{reverse(f'places:orientation:{STEP_NAMES[number - 1]}')}?{answers.urlencode()}"
        if number
        else "",
    }
    if number == 0:
        context["need_hints"] = [(need.key, need.hint) for need in NEEDS]
    where_form = form if number == 1 else previous[1] if valid and number > 1 else None
    if where_form is not None and where_form.is_bound and where_form.is_valid() and where_form.alternatives:
        context["centre"] = where_form.centre
        context["alternatives"] = _alternatives(request, where_form)
    template = f"places/orientation/step_{STEP_NAMES[number]}.html"
    return render(request, template, context, status=status)


def _stepper(number: int) -> dict:
    return {
        "step_number": number + 1,
        "step_count": len(STEP_TITLES),
        "step_title": STEP_TITLES[number],
        "next_title": STEP_TITLES[number + 1] if number + 1 < len(STEP_TITLES) else "",
    }


def _answers(request, count: int) -> QueryDict:
    """The query's answers to the first `count` steps, and nothing else (no stray parameter is carried on)."""
    query = QueryDict(mutable=True)
    for Form in STEPS[:count]:
        for name in Form.base_fields:
            values = [value for value in request.GET.getlist(name) if value.strip()]
            if values:
                query.setlist(name, values)
    return query


def _alternatives(request, form) -> list[tuple[str, str]]:
    """Other communes of the name typed: (label, the same step's URL with that commune chosen)."""
    links = []
    for commune in form.alternatives:
        query = request.GET.copy()
        query["autour"] = commune.code
        links.append((commune.label, f"{request.path}?{query.urlencode()}"))
    return links


def _orientation(need_form: NeedForm, where_form: WhereForm, when_form: WhenForm) -> Orientation:
    return Orientation(
        need=NEED_OF[need_form.cleaned_data["besoin"]],
        access=tuple(ACCESS_OF[key] for key in need_form.cleaned_data["adapte"]),
        public=need_form.cleaned_data["public"],
        centre=where_form.centre,
        radius_km=where_form.cleaned_data["rayon"],
        windows=when_form.windows(),
    )


def _summary(forms: list, query: QueryDict) -> list[dict]:
    """The answers so far, in words, each with a link back to its step (answers filled in)."""
    lines = []
    query_string = query.urlencode()
    for number, form in enumerate(forms):
        data = form.cleaned_data
        if number == 0:
            words = [str(NEED_OF[data["besoin"]].label)]
            words += [str(ACCESS_OF[key].label) for key in data["adapte"]]
            words += [str(label) for value, label, _met in PUBLICS if value == data["public"]]
        elif number == 1:
            words = [_("%(place)s, à moins de %(km)s km") % {"place": form.centre.label, "km": data["rayon"]}]
        else:
            words = [_when_words(data)]
        url = f"{reverse(f'places:orientation:{STEP_NAMES[number]}')}?{query_string}"
        lines.append({"title": STEP_TITLES[number], "words": " · ".join(words), "url": url})
    return lines


def _when_words(data: dict) -> str:
    days = data.get("jour") or []
    moment = moment_words(*MOMENTS[data["moment"]]) if data.get("moment") else ""
    if not days:
        return _("N'importe quel jour%(moment)s") % {"moment": moment}
    return ", ".join(f"{day}{moment}" for day in days)
