"""The embeddable directory (docs/embed.md): `/integrer/`, where a collectivité or a hub chooses a territory and
filters and copies an `<iframe>`, and `/integrer/lieux/`, the page that `<iframe>` shows on their site.

Only the second one may be framed, by any site (or those of EMBED_FRAME_ANCESTORS): its views alone are
exempt from X-Frame-Options and get their own CSP `frame-ancestors` through django-csp's per-view decorator.
It sets no cookie: it reads no session, no user, no message, and its form is a GET form without CSRF token
(tests/places/test_embed.py checks every response's headers).
"""

from functools import wraps

from csp.decorators import csp_replace
from django.conf import settings
from django.core.paginator import Paginator
from django.http import QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_safe

from places import embed, gazetteer
from places.models import Commune, Departement, Epci, Region
from places.search.engine import find
from places.search.parameters import SITE_FILTERS
from places.search.site import radius_choices, site_query
from places.text import normalize
from places.vocabularies import CHOICES_OF, shown_label

PLACES_PER_PAGE = 10  # a frame is small: shorter pages than the results page's 20


def embeddable(view):
    """Let other sites frame this view: no X-Frame-Options, and CSP `frame-ancestors` from the settings, read at
    each request (so that a test can change them), in the enforced and the report-only policy alike."""

    @xframe_options_exempt
    @wraps(view)
    def framed(request, *args, **kwargs):
        policy = {"frame-ancestors": list(settings.EMBED_FRAME_ANCESTORS)}
        allowed = csp_replace(policy, REPORT_ONLY=True)(csp_replace(policy)(view))
        response = allowed(request, *args, **kwargs)
        # The same places as the results page, without its navigation: search engines should send people there.
        response["X-Robots-Tag"] = "noindex"
        return response

    return framed


@require_safe
@embeddable
def embed_places(request):
    """The directory inside a frame: the fixed territory and filters, what the visitor typed, a page of places."""
    configuration = embed.read(request.GET)
    if not configuration.is_valid:
        configure_url = request.build_absolute_uri(reverse("places:embed-configure"))
        context = {"problems": configuration.problems, "configure_url": configure_url}
        return render(request, "places/embed/invalid.html", context, status=400)
    visit = embed.visit(configuration, request.GET)
    results = find(visit.search, with_commune=True)
    page = Paginator(results, PLACES_PER_PAGE).get_page(request.GET.get("page"))
    full_query = configuration.fixed.copy()
    full_query.update(site_query(visit.form))  # the visitor's place and words, in the site's spelling
    return render(
        request,
        "places/embed/places.html",
        {
            "embed": configuration,
            "visit": visit,
            "search": visit.search,
            "page_obj": page,
            "page_numbers": page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1),
            "radius_choices": radius_choices(visit.search),
            "language": request.GET.get("lang", ""),  # kept by the visitor's form, as the fixed parameters
            "full_url": f"{reverse('places:list')}?{full_query.urlencode()}",
        },
    )


def configure(request):
    """Choose a territory and filters; see the frame; copy its `<iframe>` and a plain link. A GET form: it works
    without JavaScript, and every configuration has its own URL."""
    commune, town, alternatives, town_error = _commune(request.GET)
    query = request.GET.copy()
    for name in ("ville", "commune"):
        query.pop(name, None)
    if commune is not None:
        query["commune"] = commune.code
    configuration = None
    problems = []
    if town_error:
        problems = [(_("Commune"), town_error)]
    elif request.GET and not alternatives:
        configuration = embed.read(query, also_allowed=embed.CONFIGURATION_NAMES)
        problems = configuration.problems
    height = _height(request.GET.get("hauteur"))
    context = {
        "regions": Region.objects.order_by("name"),
        "departements": Departement.objects.order_by("code"),
        "chosen": {"region": query.get("region", ""), "departement": query.get("departement", "")},
        # An intercommunalité comes from its territory page's link (some 1,250 of them: no list to pick from).
        "epci": Epci.objects.filter(pk=query["epci"]).first() if query.get("epci") else None,
        "town": town,
        "commune": commune,
        "alternatives": [(option, _with_commune(query, option)) for option in alternatives],
        "filters": [
            (
                parameter,
                # The standard's label, with its translation beside it in another language (docs/translation.md).
                [(value, shown_label(label)) for value, label in CHOICES_OF[parameter.name].choices],
                _chosen(query, parameter),
            )
            for parameter in SITE_FILTERS
        ],
        "heights": embed.HEIGHTS,
        "height": height,
        "problems": problems,
    }
    if configuration is not None and configuration.is_valid:
        path = f"{reverse('places:embed')}?{configuration.fixed.urlencode()}"
        title = _("Lieux d'aide au numérique : %s") % configuration.territory.label
        context.update(
            embed=configuration,
            preview_url=path,
            preview_title=title,
            snippet=embed.snippet(request.build_absolute_uri(path), title, height),
            link=request.build_absolute_uri(f"{reverse('places:list')}?{configuration.fixed.urlencode()}"),
            place_count=len(find(configuration.search)),
        )
    return render(request, "places/embed/configure.html", context, status=400 if problems else 200)


def _commune(query: QueryDict) -> tuple[Commune | None, str, list[Commune], str]:
    """The commune of the configuration: (commune, the text of its field, homonyms to choose from, error).

    People type a name or a postcode (`ville`); once chosen, the INSEE code travels as `commune` and the field
    shows its name: if the text is left as it is, the code stands (homonyms stay told apart)."""
    town = query.get("ville", "").strip()
    code = query.get("commune", "").strip()
    known = gazetteer.by_insee(code) if code else None
    if known is not None and (not town or normalize(town) in {normalize(known.name), normalize(known.label)}):
        return known, known.name, [], ""
    if not town:
        return None, "", [], ""
    found = gazetteer.resolve(town)
    exact = [commune for commune in found if normalize(commune.name) == normalize(town)]
    if len(found) == 1 or len(exact) == 1:
        chosen = found[0] if len(found) == 1 else exact[0]
        return chosen, chosen.name, [], ""
    if found:
        return None, town, exact or found, ""
    return None, town, [], _("Nous ne trouvons pas cette commune : essayez son nom ou son code postal.")


def _with_commune(query: QueryDict, commune: Commune) -> str:
    """The configuration's query string with this commune chosen (a homonym picked from the list)."""
    chosen = query.copy()
    chosen["commune"] = commune.code
    return chosen.urlencode()


def _chosen(query: QueryDict, parameter) -> set[str]:
    return {value for name in parameter.names for value in query.getlist(name)}


def _height(value: str | None) -> int:
    try:
        height = int(value or embed.DEFAULT_HEIGHT)
    except ValueError:
        return embed.DEFAULT_HEIGHT
    return height if height in embed.HEIGHTS else embed.DEFAULT_HEIGHT
