"""The embeddable directory (docs/embed.md): what an `<iframe>` on a collectivité's or a hub's site shows.

An embed's URL carries two kinds of parameters, all named as the search names them (places/search/parameters.py):
- **fixed** ones, chosen on /integrer/: exactly one territory and the vocabularies' filters. They make a Search
  of their own, read by the search's SearchForm;
- the **visitor's** ones, typed inside the frame: a place (`ou`, or `autour` for a commune chosen among
  homonyms), a radius and words (`q`). They are read by a second SearchForm, and only their centre, radius
  and text are copied into the fixed Search: nothing the visitor types can drop the territory or a filter.
Any other name is refused with a message (a typo such as `service=` would otherwise widen the directory
shown on a town hall's site without anyone noticing).
"""

from dataclasses import dataclass, field, replace

from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from places.models import Commune, Departement, Epci, Region
from places.search.criteria import Search
from places.search.parameters import BY_NAME, VOCABULARIES, Parameter, SearchForm
from places.search.site import site_query

# The territories an embed can be limited to, smallest first: those the search knows (`epci` once it does).
TERRITORY_MODELS = {"commune": Commune, "epci": Epci, "departement": Departement, "region": Region}
TERRITORIES: list[Parameter] = [BY_NAME[kind] for kind in TERRITORY_MODELS if kind in BY_NAME]
FIXED: list[Parameter] = [*TERRITORIES, *VOCABULARIES]
VISITOR: list[Parameter] = [BY_NAME["ou"], BY_NAME["autour"], BY_NAME["radius"], BY_NAME["q"]]
# Read by others and kept as given: the page number and the page's language (`lang`, inclusion/i18n.py).
KEPT_NAMES = ("page", "lang")
VISITOR_NAMES = frozenset({name for parameter in VISITOR for name in parameter.names} | set(KEPT_NAMES))
FIXED_NAMES = frozenset(name for parameter in FIXED for name in parameter.names)
TERRITORY_LABELS = {
    "commune": gettext_lazy("Commune"),
    "epci": gettext_lazy("Intercommunalité (EPCI)"),
    "departement": gettext_lazy("Département"),
    "region": gettext_lazy("Région"),
}


@dataclass(frozen=True)
class Territory:
    kind: str
    code: str
    label: str  # "Montluçon (03)", "Allier (03)"


@dataclass
class Embed:
    """An embed's URL read: its fixed search (None when the configuration is wrong, see `problems`)."""

    fixed: QueryDict  # the fixed parameters, as the site spells them
    problems: list[tuple[str, str]] = field(default_factory=list)  # (what the page calls it, message)
    territory: Territory | None = None
    search: Search | None = None

    @property
    def is_valid(self) -> bool:
        return self.search is not None


def _subset(query: QueryDict, parameters: list[Parameter], extra: tuple[str, ...] = ()) -> QueryDict:
    """The part of `query` under these parameters' names and aliases (and `extra` names), values kept as given."""
    names = [name for parameter in parameters for name in parameter.names] + list(extra)
    subset = QueryDict(mutable=True)
    for name in names:
        if values := [value for value in query.getlist(name) if value.strip()]:
            subset.setlist(name, values)
    return subset


def _label(parameter_name: str) -> str:
    if parameter_name in TERRITORY_LABELS:
        return str(TERRITORY_LABELS[parameter_name])
    parameter = BY_NAME.get(parameter_name)
    if parameter is None:
        return parameter_name
    return str(parameter.label or parameter.site_name)


def read(query: QueryDict, *, also_allowed: frozenset[str] = frozenset()) -> Embed:
    """The embed these parameters configure: exactly one territory and any filters, checked by SearchForm.

    `also_allowed`: other names the caller reads itself (the configuration page's own fields)."""
    embed = Embed(fixed=QueryDict())
    unknown = sorted(set(query) - FIXED_NAMES - VISITOR_NAMES - also_allowed)
    for name in unknown:
        embed.problems.append((name, _("Ce paramètre n'est pas pris en charge par l'annuaire intégré.")))
    fixed = _subset(query, FIXED)
    chosen = [parameter for parameter in TERRITORIES if any(name in fixed for name in parameter.names)]
    names = ", ".join(parameter.name for parameter in TERRITORIES)
    if not chosen:
        embed.problems.append((_("Territoire"), _("Choisissez un territoire (%s).") % names))
    elif len(chosen) > 1 or len(fixed.getlist(chosen[0].name)) > 1:
        embed.problems.append((_("Territoire"), _("Un seul territoire à la fois (%s).") % names))
    form = SearchForm(fixed)
    search = form.search()
    for name, messages in form.errors.items():
        embed.problems.extend((_label(name), message) for message in messages)
    if embed.problems:
        return embed
    kind = chosen[0].name
    code = getattr(search, kind)
    area = TERRITORY_MODELS[kind].objects.get(pk=code)
    # As the results page names a territory (places.search.site.active_filters); an EPCI's SIREN says nothing.
    if kind == "commune":
        label = area.label
    elif kind == "epci":
        label = area.name
    else:
        label = f"{area.name} ({code})"
    embed.fixed = site_query(form)
    embed.territory = Territory(kind, code, label)
    embed.search = search
    return embed


@dataclass
class Visit:
    """What the visitor typed inside the frame, and the search it makes with the embed's fixed one."""

    form: SearchForm
    search: Search
    alternatives: list[Commune]  # homonyms of the place typed that lie inside the territory


def visit(embed: Embed, query: QueryDict) -> Visit:
    """The embed's search, centred and narrowed by what the visitor typed. When that is wrong (a place
    unknown to the gazetteer), the form carries the error and the search is the embed's own."""
    form = SearchForm(_subset(query, VISITOR))
    typed = form.search()
    if typed is None:
        return Visit(form, embed.search, [])
    search = replace(embed.search, centre=typed.centre, radius_km=typed.radius_km, text=typed.text)
    kind, code = embed.territory.kind, embed.territory.code
    alternatives = [commune for commune in form.alternatives if getattr(commune, f"{kind}_id", None) == code]
    return Visit(form, search, alternatives)


# The configuration page's own parameters (places/embed_views.py), beside the embed's.
CONFIGURATION_NAMES = frozenset({"ville", "hauteur"})
HEIGHTS = [500, 700, 900]
DEFAULT_HEIGHT = 700


def snippet(url: str, title: str, height: int) -> str:
    """The `<iframe>` a site pastes. Attributes are escaped by hand (`&`, `<`, `>`, `"`) rather than with
    format_html, which also writes the apostrophes of "Lieux d'aide" as `&#x27;`, a puzzle for whoever reads
    the code before pasting it."""

    def attribute(value) -> str:
        return (
            str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
        )

    return (
        f'<iframe src="{attribute(url)}" title="{attribute(title)}" width="100%" height="{int(height)}" '
        'loading="lazy" style="border: 0;"></iframe>'
    )
