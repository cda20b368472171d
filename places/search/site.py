"""How the results page shows a search: its links in the site's spelling, its filters with their counts, the
fields it carries without showing them, the radius list."""

from dataclasses import dataclass

from django.http import QueryDict

from places.models import Commune, Departement, Epci, Region
from places.search.criteria import DEFAULT_RADIUS_KM, WEEKDAYS, Search
from places.search.parameters import BY_NAME, PARAMETERS, RADIUS_CHOICES, SITE_FILTERS, Parameter, SearchForm
from places.vocabularies import CHOICES_OF, shown_label

# Parameters the results page shows as fields of its own; the others ride along as hidden inputs.
SHOWN = {"ou", "radius", "q", "open_now", *(parameter.name for parameter in SITE_FILTERS)}
TERRITORIES = {"region": Region, "departement": Departement, "epci": Epci, "commune": Commune}


def site_query(form: SearchForm) -> QueryDict:
    """The search's parameters as the site writes them in its links: each under its short French name."""
    query = QueryDict(mutable=True)
    if not form.is_bound:
        return query
    for parameter in PARAMETERS:
        values = [value for value in form.data.getlist(parameter.name) if value.strip()]
        if parameter.name == "open_on" and values == [WEEKDAYS[5]]:
            query["samedi"] = "on"  # the page's checkbox
        elif values:
            query.setlist(parameter.site_name, values)
    return query


@dataclass
class SiteFilter:
    parameter: Parameter
    choices: list[tuple[str, str]]
    counts: dict[str, int]
    selected: set[str]


def site_filters(form: SearchForm, counts: dict[str, dict[str, int]]) -> list[SiteFilter]:
    """The vocabularies the page offers as filters, each value with the number of places it would give."""
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    return [
        SiteFilter(
            parameter,
            [(value, shown_label(label)) for value, label in CHOICES_OF[parameter.name].choices],
            counts.get(parameter.name, {}),
            set(data.get(parameter.name) or []),
        )
        for parameter in SITE_FILTERS
    ]


def hidden_fields(form: SearchForm) -> list[tuple[str, str]]:
    """(name, value) of the parameters the page carries without a field of its own (a commune chosen among
    homonyms, a map area, a territory…), so that changing a filter keeps them. Saturday has its checkbox."""
    query = site_query(form)
    return [
        (parameter.site_name, value)
        for parameter in PARAMETERS
        if parameter.name not in SHOWN
        for value in query.getlist(parameter.site_name)
    ]


def radius_choices(search: Search | None) -> list[tuple[float, bool]]:
    """The radius list, with the search's own radius in it even when the URL asked for another one."""
    radius = search.radius_km if search else DEFAULT_RADIUS_KM
    values = sorted({*RADIUS_CHOICES, radius})
    return [(value, value == radius) for value in values]


def active_filters(search: Search | None, filters: list[SiteFilter]) -> list[tuple[str, str, str]]:
    """(name, value, label) of the territory and each chosen filter value, to show them and remove them one by
    one (the territory's name costs a query)."""
    chosen = []
    for kind, model in TERRITORIES.items():
        if search is not None and (code := getattr(search, kind)):
            area = model.objects.filter(pk=code).first()
            if kind == "commune":
                chosen.append((kind, code, area.label))
            else:  # an EPCI's SIREN tells a reader nothing; a département's number does
                chosen.append((kind, code, area.name if kind == "epci" else f"{area.name} ({code})"))
    chosen += [
        (item.parameter.site_name, value, label)
        for item in filters
        for value, label in item.choices
        if value in item.selected
    ]
    return chosen


def errors_besides_place(form: SearchForm) -> list[tuple[str, str]]:
    """(what the page calls the parameter, message) of every error but the place's, which the page shows under
    its field."""
    return [
        (str(BY_NAME[name].label or BY_NAME[name].site_name) if name in BY_NAME else name, message)
        for name, messages in form.errors.items()
        if name != "ou"
        for message in messages
    ]
