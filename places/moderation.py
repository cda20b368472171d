"""Who moderates, where, and what waits for them: the site's moderation queue (/moderation/).

A moderator is a staff member who may change both proposed changes and places (the rule the admin's actions
already use). A moderator may be limited to régions and départements (`ModeratorScope`); without one, the
whole country. Every item of the queue concerns a commune (a place's, or a structure's): a moderator sees and
decides only the items of their territory, and an item outside it does not exist for them (404).

The queue is a registry of kinds (`register`): new places, proposed changes and error reports are here;
another part of the site adds its own (place claims, join requests) with one `register(QueueKind(...))` call
in its module, imported by `QUEUE_MODULES` below, and its own page to decide, guarded by `get_in_territory`.
"""

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module

from django.contrib.auth import get_permission_codename
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Model, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from places.models import ErrorReport, ModeratorScope, Place, PlaceChange

# Modules that register more kinds of items (each calls `register` when imported): "places.claims" and the
# join requests of unknown structures will add themselves here.
QUEUE_MODULES: list[str] = ["accounts.moderation_queue", "places.claim_moderation"]


def is_moderator(user) -> bool:
    if not (user and user.is_authenticated and user.is_active and user.is_staff):
        return False
    return all(
        user.has_perm(f"{model._meta.app_label}.{get_permission_codename('change', model._meta)}")
        for model in (PlaceChange, Place)
    )


def require_moderator(user) -> None:
    if not is_moderator(user):
        raise PermissionDenied(_("Cette page est réservée aux modérateurs de l'annuaire."))


def territory(user, commune_path: str) -> Q:
    """The items whose commune (reached by `commune_path`, e.g. "place__commune") is in the user's territory;
    everything for a moderator without one. Only moderators without a territory see places without commune."""
    scope = ModeratorScope.objects.filter(user=user).first()
    if scope is None:
        return Q()
    regions = list(scope.regions.values_list("pk", flat=True))
    departements = list(scope.departements.values_list("pk", flat=True))
    if not regions and not departements:
        return Q()
    return Q(**{f"{commune_path}__region__in": regions}) | Q(
        **{f"{commune_path}__departement__in": departements}
    )


def in_territory(user, place: Place) -> bool:
    return Place.objects.filter(territory(user, "commune"), pk=place.pk).exists()


@dataclass(frozen=True)
class QueueKind:
    """One kind of item waiting for moderators."""

    slug: str
    title: str  # the queue's heading for these items
    waiting: Callable[[], QuerySet]  # every item waiting, anywhere
    commune_path: str  # from the item to its commune, for territories
    url_name: str  # the page where a moderator decides, taking the item's pk
    heading: Callable[[Model], str]  # what the item is about: a place's or a structure's name
    describe: Callable[[Model], str]  # one line: what is asked
    date_field: str = "created_at"  # since when it waits

    def items(self, user) -> QuerySet:
        return self.waiting().filter(territory(user, self.commune_path))

    def rows(self, user, limit: int) -> tuple[int, list["QueueRow"]]:
        """How many items wait in the user's territory, and the `limit` oldest as rows."""
        items = self.items(user)
        return items.count(), [self.row(item) for item in items[:limit]]

    def row(self, item) -> "QueueRow":
        commune = item
        for step in self.commune_path.split("__"):
            commune = getattr(commune, step, None)
        return QueueRow(
            heading=self.heading(item),
            detail=self.describe(item),
            commune=commune.name if commune is not None else "",
            since=getattr(item, self.date_field),
            url=reverse(self.url_name, kwargs={"pk": item.pk}),
        )


@dataclass(frozen=True)
class QueueRow:
    heading: str
    detail: str
    commune: str
    since: object
    url: str


KINDS: dict[str, QueueKind] = {}


def register(kind: QueueKind) -> QueueKind:
    KINDS[kind.slug] = kind
    return kind


def kinds() -> list[QueueKind]:
    for module in QUEUE_MODULES:
        import_module(module)  # registers its kinds
    return list(KINDS.values())


def get_in_territory(user, kind: str, pk: int):
    """The item `pk` of `kind` if `user` moderates its territory; 403 for non-moderators, 404 otherwise (an
    item outside the territory is as unknown as an item that does not exist)."""
    require_moderator(user)
    queue_kind = KINDS[kind]
    item = queue_kind.waiting().model._default_manager.filter(territory(user, queue_kind.commune_path), pk=pk)
    found = item.first()
    if found is None:
        raise Http404
    return found


register(
    QueueKind(
        slug="places",
        title=gettext_lazy("Nouveaux lieux"),
        waiting=lambda: (
            Place.objects.filter(status=Place.Status.SUBMITTED)
            .select_related("commune", "structure")
            .order_by("updated_at", "pk")
        ),
        commune_path="commune",
        url_name="moderation:place",
        heading=lambda place: place.name,
        date_field="updated_at",
        describe=lambda place: (
            _("Nouveau lieu proposé par %(structure)s")
            % {"structure": place.structure or _("une structure inconnue")}
        ),
    )
)
register(
    QueueKind(
        slug="changes",
        title=gettext_lazy("Modifications de lieux publiés"),
        waiting=lambda: (
            PlaceChange.objects.filter(status=PlaceChange.Status.PENDING, archived_at__isnull=True)
            .select_related("place__commune", "structure")
            .order_by("updated_at", "pk")
        ),
        commune_path="place__commune",
        url_name="moderation:change",
        heading=lambda change: change.place.name,
        date_field="updated_at",
        describe=lambda change: (
            _("%(count)d champ(s) modifié(s) par %(structure)s")
            % {"count": len(change.fields), "structure": change.structure or _("une structure inconnue")}
        ),
    )
)
register(
    QueueKind(
        slug="reports",
        title=gettext_lazy("Signalements d'erreur"),
        waiting=lambda: (
            ErrorReport.objects.filter(status=ErrorReport.Status.NEW, archived_at__isnull=True)
            .select_related("place__commune")
            .order_by("created_at", "pk")
        ),
        commune_path="place__commune",
        url_name="moderation:report",
        heading=lambda report: report.place.name,
        describe=lambda report: report.get_kind_display(),
    )
)


@transaction.atomic
def close_report(*, report: ErrorReport, user, status: str, message: str) -> bool:
    """A moderator marks an error report done or dismissed, with what they found. False when it was already
    closed (another moderator's decision stays)."""
    report = ErrorReport.objects.select_for_update().get(pk=report.pk)
    if report.status != ErrorReport.Status.NEW:
        return False
    report.status = status
    report.decision_message = message.strip()
    report.decided_at = timezone.now()
    report.decided_by = user
    report.save(update_fields=["status", "decision_message", "decided_at", "decided_by"])
    return True
