"""JSON endpoints the pages use (autocomplete, map clusters). The full REST API comes with DRF."""

from django.http import JsonResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET

from places import gazetteer
from places.clusters import ViewportForm, map_features
from places.search import SearchForm

# Map JSON without spaces, accents as UTF-8 rather than \u escapes: a tenth smaller than the default.
COMPACT_JSON = {"separators": (",", ":"), "ensure_ascii": False}


@require_GET
def communes(request):
    """Commune suggestions for the search field: name, département, postcode."""
    query = request.GET.get("q", "")[:100]
    found = gazetteer.autocomplete(query, limit=10) if len(query.strip()) >= 2 else []
    return JsonResponse(
        {
            "results": [
                {
                    "code": commune.code,
                    "name": commune.name,
                    "departement": commune.departement_id,
                    "label": f"{commune.name} ({commune.departement_id})",
                }
                for commune in found
            ]
        }
    )


@require_GET
def clusters(request):
    """The search's places in the visible map area, as GeoJSON points with a count (places.clusters).

    `bbox` and `zoom` describe the map; every other parameter is the search form's. The map's bbox replaces
    the one the search may carry ("Rechercher dans cette zone"): a map shows what is in view.
    """
    viewport = ViewportForm(request.GET)
    query = request.GET.copy()
    query.pop("bbox", None)
    search = SearchForm(query)
    if not (viewport.is_valid() & search.is_valid()):  # `&`, not `and`: report the errors of both forms
        errors = {**search.errors, **viewport.errors}
        return JsonResponse(
            {"errors": {field: list(messages) for field, messages in errors.items()}}, status=400
        )
    data = viewport.cleaned_data
    response = JsonResponse(
        map_features(search.base_places(), data["bbox"], data["zoom"]), json_dumps_params=COMPACT_JSON
    )
    # Maps ask again at each move: the same view within a minute is served by the browser or a proxy.
    patch_cache_control(response, public=True, max_age=60)
    return response


@require_GET
def index(request):
    """What the API offers today. The full REST API (places, structures, programmes) comes with DRF."""
    from django.urls import reverse

    return JsonResponse(
        {
            "communes": request.build_absolute_uri(reverse("api:communes")),
            "clusters": request.build_absolute_uri(reverse("api:clusters")),
            "exports": {
                name: request.build_absolute_uri(reverse("places:export", args=[name]))
                for name in ("csv", "json", "geojson", "data-inclusion.json")
            },
        }
    )
