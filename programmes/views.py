from django.db.models import Q
from django.shortcuts import get_object_or_404, render

from programmes import progress
from programmes.models import Programme, Support

LISTED = 50  # places and supports listed on a programme's page; the search lists them all


def programme_tree() -> list[tuple[Programme, int]]:
    """Every programme once, depth-first from the roots (plans, strategies…) to their AMI, AAP, labels and
    dispositifs, with its depth: one query."""
    programmes = list(Programme.objects.order_by("name", "pk"))
    children: dict[int | None, list[Programme]] = {}
    known = {programme.pk for programme in programmes}
    for programme in programmes:
        parent = programme.parent_id if programme.parent_id in known else None
        children.setdefault(parent, []).append(programme)
    tree: list[tuple[Programme, int]] = []

    def walk(parent, depth):
        for programme in children.get(parent, []):
            tree.append((programme, depth))
            walk(programme.pk, depth + 1)

    walk(None, 0)
    return tree


def programme_list(request):
    tree = programme_tree()
    # Nested lists in the template: how many levels close after each item.
    items = []
    for index, (programme, depth) in enumerate(tree):
        following = tree[index + 1][1] if index + 1 < len(tree) else 0
        items.append(
            {
                "programme": programme,
                "opens": following > depth,
                "closes": range(max(0, depth - following)),
            }
        )
    return render(request, "programmes/list.html", {"items": items})


def programme_detail(request, slug):
    programme = get_object_or_404(Programme.objects.select_related("parent"), slug=slug)
    targets, breakdowns = progress.report(programme)
    places = progress.places_of(programme)
    context = {
        "programme": programme,
        "children": programme.children.order_by("name"),
        "targets": targets,
        "breakdowns": breakdowns,
        "total": sum(row.count for row in breakdowns[0].rows),
        "places": places.select_related("commune").order_by("name", "pk")[:LISTED],
        # A support of a place still waiting for moderation would reveal that place (as in the API).
        "supports": Support.objects.filter(programme=programme)
        .filter(Q(place__isnull=True) | Q(place__status="published"))
        .select_related("structure", "place")
        .order_by("structure__name", "place__name", "pk")[:LISTED],
        "listed": LISTED,
    }
    return render(request, "programmes/detail.html", context)
