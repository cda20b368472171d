"""A territory's figures, for its page (`/territoires/<kind>/<code>/`): how many places per 10,000 inhabitants
against its région and France, what they offer, and how fresh their information is.

Every table is a data table first (caption, headers) with a bar per row drawn server-side in SVG, so it reads
without JavaScript and with a screen reader; each count links to the search that lists those places; each table
downloads as CSV (`?tableau=<slug>`). Counts of places come from the search layer (places/search), like the
page's list; freshness from the database, by the place's own commune.
"""

import csv
from dataclasses import dataclass
from io import StringIO
from urllib.parse import urlencode

from django.db.models import Count, F, Q, Sum
from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from places import coverage, freshness, vocabularies
from places.models import Commune, Departement, Epci, Place, Region, Structure
from places.search.criteria import Search
from places.search.engine import find
from places.vocabularies import Vocabulary
from programmes.models import Support

# The vocabularies a territory's page breaks its places down by.
BROKEN_DOWN = [Vocabulary.SERVICES, Vocabulary.DISPOSITIFS, Vocabulary.FRAIS]


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    percent: float  # of the territory's places, for the bar's length
    url: str = ""


@dataclass(frozen=True)
class Table:
    slug: str
    title: str
    header: str
    bars: list[Bar]


@dataclass(frozen=True)
class Density:
    label: str
    places: int
    population: int

    @property
    def per_10k(self) -> float | None:
        return 10_000 * self.places / self.population if self.population else None


def situate(kind: str, area) -> tuple[Departement | None, Region | None]:
    """The département and région above a territory, for its breadcrumb and its comparisons. An EPCI may
    straddle a border: its most populous commune's stand for it (one query)."""
    if kind == "epci":
        seat = (
            Commune.objects.filter(epci=area, kind=Commune.Kind.COMMUNE)
            .select_related("departement", "region")
            .order_by(F("population").desc(nulls_last=True), "code")
            .first()
        )
        return (seat.departement, seat.region) if seat else (None, None)
    if kind == "commune":
        return area.departement, area.region
    if kind == "departement":
        return None, area.region
    return None, None


def parts(kind: str, area, results) -> tuple[list[tuple], list[tuple[Epci, int]]]:
    """The territory's parts with their number of places, for its page: a région's départements; the 30
    communes of a département or an EPCI with the most places (arrondissements counted in their commune); and
    a département's EPCI, each with its places in the département, none left out (one query)."""
    if kind == "region":
        counts = results.count_by("departement")
        return [(part, counts.get(part.code, 0)) for part in area.departements.order_by("code")], []
    if kind not in ("departement", "epci"):
        return [], []
    counts = results.count_by("commune")
    communes = Commune.objects.filter(**{kind: area}, kind=Commune.Kind.COMMUNE).select_related("epci")
    if kind == "epci":
        communes = communes.filter(code__in=list(counts))
    communes = list(communes)
    ranked = sorted((c for c in communes if c.code in counts), key=lambda c: (-counts[c.code], c.name))
    by_epci: dict[str, list] = {}
    for commune in communes if kind == "departement" else []:
        if commune.epci is not None:
            by_epci.setdefault(commune.epci_id, [commune.epci, 0])[1] += counts.get(commune.code, 0)
    epcis = sorted(((epci, count) for epci, count in by_epci.values()), key=lambda item: item[0].name)
    return [(commune, counts[commune.code]) for commune in ranked[:30]], epcis


def densities(kind: str, area, total: int, region: Region | None) -> list[Density]:
    """Places per 10,000 inhabitants here, in its région (for a département, an EPCI or a commune) and in
    France; the populations in one query."""
    people = _populations(kind, area, region)
    rows = [Density(area.name, total, area.population or 0 if kind == "commune" else people["in_area"])]
    if region is not None:
        rows.append(Density(region.name, len(find(Search(region=region.code))), people["in_region"]))
    rows.append(Density(_("France"), len(find(Search())), people["in_france"]))
    return rows


def tables(kind: str, area, results) -> list[Table]:
    total = len(results) or 1
    counts = results.facet_counts()
    found = [
        Table(
            slug=str(vocabulary),
            title=_TITLES[vocabulary],
            header=_HEADERS[vocabulary],
            bars=[
                Bar(
                    vocabularies.shown_label_of(vocabulary, value),
                    count,
                    100 * count / total,
                    _search_url(kind, area, {vocabulary: value}),
                )
                for value, count in sorted(counts.get(vocabulary, {}).items(), key=lambda item: -item[1])
            ],
        )
        for vocabulary in BROKEN_DOWN
    ]
    found.append(_freshness_table(kind, area))
    return [table for table in found if table.bars]


@dataclass(frozen=True)
class SupportRow:
    programme: str
    supports: int
    amount_eur: int | None
    url: str


def supports(kind: str, area) -> list[SupportRow]:
    """Programme supports to the territory's places or structures, by programme, with their amounts (one query;
    archived supports left out)."""
    # Through subqueries on the territory's communes, which use the foreign keys' indexes: the same condition
    # written across the joins read every support (1.6 s at 60,000 supports on SQLite).
    communes = _communes(kind, area)
    where = Q(place__in=Place.objects.filter(commune__in=communes).values("pk")) | Q(
        structure__in=Structure.objects.filter(commune__in=communes).values("pk")
    )
    rows = (
        Support.objects.filter(where)
        .values("programme__slug", "programme__name")
        .annotate(count=Count("pk", distinct=True), amount=Sum("amount_eur"))
        .order_by("-count", "programme__name")
    )
    return [
        SupportRow(
            row["programme__name"],
            row["count"],
            row["amount"],
            _search_url(kind, area, {"programme": row["programme__slug"]}),
        )
        for row in rows
    ]


def coverage_shares(kind: str, area):
    """People of a région, a département or an EPCI within 5, 10 and 20 km of any help point
    (places/coverage.py), or None before `compute_coverage` has run or for a commune (its département's page
    details it)."""
    if kind not in ("region", "departement", "epci"):
        return None
    shares = coverage.shares("tous", **{kind: area.code})
    return shares if shares.population else None


def csv_download(table: Table, area) -> HttpResponse:
    stream = StringIO()
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow([table.header, _("lieux"), _("part des lieux (%)")])
    for bar in table.bars:
        writer.writerow([bar.label, bar.count, f"{bar.percent:.1f}"])
    response = HttpResponse(stream.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{area.code}-{table.slug}.csv"'
    return response


_TITLES = {
    Vocabulary.SERVICES: gettext_lazy("Services proposés"),
    Vocabulary.DISPOSITIFS: gettext_lazy("Dispositifs et programmes nationaux"),
    Vocabulary.FRAIS: gettext_lazy("Frais à charge"),
}
_HEADERS = {
    Vocabulary.SERVICES: gettext_lazy("Service"),
    Vocabulary.DISPOSITIFS: gettext_lazy("Dispositif"),
    Vocabulary.FRAIS: gettext_lazy("Frais"),
}


def _freshness_table(kind: str, area) -> Table:
    places = Place.objects.published().canonical().filter(commune__in=_communes(kind, area))
    bands = [band for band, _months in reversed(freshness.LOWER_LIMITS)]
    conditions = {}
    for band in bands:
        after, up_to = freshness.date_range(band)
        condition = Q()
        if after is not None:
            condition &= Q(updated_on__gt=after)
        if up_to is not None:
            condition &= Q(updated_on__lte=up_to)
        conditions[band] = condition
    totals = places.aggregate(
        everything=Count("pk"),
        unknown=Count("pk", filter=Q(updated_on__isnull=True)),
        **{band.replace("-", "_"): Count("pk", filter=condition) for band, condition in conditions.items()},
    )
    total = totals["everything"] or 1
    bars = [
        Bar(str(band.label), totals[band.replace("-", "_")], 100 * totals[band.replace("-", "_")] / total)
        for band in bands
    ]
    bars.append(
        Bar(str(freshness.Freshness.UNKNOWN.label), totals["unknown"], 100 * totals["unknown"] / total)
    )
    return Table(
        "fraicheur",
        _("Fraîcheur des informations"),
        _("Dernière mise à jour"),
        bars if totals["everything"] else [],
    )


def _communes(kind: str, area):
    """The territory's communes, arrondissements and delegated communes included, as a subquery."""
    if kind == "commune":
        return Commune.objects.filter(Q(pk=area.pk) | Q(parent=area)).values("code")
    if kind == "epci":  # an arrondissement belongs to its commune's EPCI
        return Commune.objects.filter(Q(epci=area) | Q(parent__epci=area)).values("code")
    return Commune.objects.filter(**{kind: area}).values("code")


def _populations(kind: str, area, region) -> dict[str, int]:
    """France's, the région's and the territory's population (communes only: arrondissements and delegated
    communes are counted in theirs), in one query."""
    here = Q(**{kind: area}) if kind in ("region", "departement", "epci") else Q(pk__in=[])
    return Commune.objects.filter(kind=Commune.Kind.COMMUNE).aggregate(
        # Not named after fields ("region"): an aggregate's name would shadow the field its filter reads.
        in_france=Sum("population", default=0),
        in_region=Sum("population", filter=Q(region=region) if region else Q(pk__in=[]), default=0),
        in_area=Sum("population", filter=here, default=0),
    )


def _search_url(kind: str, area, criteria: dict) -> str:
    return f"{reverse('places:list')}?{urlencode({kind: area.code, **criteria})}"
