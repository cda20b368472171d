"""The moderators' pages (the queue, an item, its decision) and a place's history with its restore.

Every page checks who asks before reading anything: non-moderators get 403, an item outside a moderator's
territory 404 (places.moderation.get_in_territory), and decisions are POSTs protected by Django's CSRF check.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.services import is_member
from places import diffs, history, moderation
from places.models import ErrorReport, Place, PlaceChange
from places.moderation_forms import DecisionForm, ReportDecisionForm, RestoreForm
from places.submissions import apply_change, publish_place, reject_change, send_back_place

QUEUE_LENGTH = 50  # per kind: the oldest first; the count says how many more wait


@login_required
def queue(request):
    moderation.require_moderator(request.user)
    sections = []
    for kind in moderation.kinds():
        count, rows = kind.rows(request.user, QUEUE_LENGTH)
        sections.append({"kind": kind, "count": count, "rows": rows})
    return render(request, "moderation/queue.html", {"sections": sections})


@login_required
@require_http_methods(["GET", "POST"])
def place_review(request, pk: int):
    place = moderation.get_in_territory(request.user, "places", pk)
    seen = str(place.version)
    form = _decision_form(request, seen)
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["seen"] != seen:
            form.add_error(None, _changed_meanwhile())
        else:
            message = form.cleaned_data["message"]
            if form.cleaned_data["decision"] == DecisionForm.APPROVE:
                done = publish_place(place=place, user=request.user, message=message)
                text = _("« %(name)s » est publié : les habitants le trouvent dès maintenant.")
            else:
                done = send_back_place(place=place, user=request.user, message=message)
                text = _("« %(name)s » est renvoyé à sa structure avec votre message.")
            return _decided(request, done, text % {"name": place.name})
    rows = diffs.rows({}, diffs.place_values(place))
    first = place.history.order_by("history_date", "history_id").select_related("history_user").first()
    context = {
        "place": place,
        "rows": rows,
        "form": form,
        "pending": place.status == Place.Status.SUBMITTED,
        "submitted": history.entries(place, [first])[0] if first else None,
    }
    return render(request, "moderation/place.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def change_review(request, pk: int):
    change = moderation.get_in_territory(request.user, "changes", pk)
    seen = change.updated_at.isoformat()
    form = _decision_form(request, seen)
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["seen"] != seen:
            form.add_error(None, _changed_meanwhile())
        else:
            message = form.cleaned_data["message"]
            was_pending = change.status == PlaceChange.Status.PENDING
            if form.cleaned_data["decision"] == DecisionForm.APPROVE:
                apply_change(change=change, user=request.user, message=message)
                text = _("La modification de « %(name)s » est publiée.")
            else:
                reject_change(change=change, user=request.user, message=message)
                text = _("La modification de « %(name)s » est refusée ; la structure lit votre message.")
            return _decided(request, was_pending, text % {"name": change.place.name})
    place = change.place
    context = {
        "change": change,
        "place": place,
        "rows": diffs.rows(diffs.place_values(place), diffs.change_values(change), only_changed=False),
        "form": form,
        "pending": change.status == PlaceChange.Status.PENDING,
    }
    return render(request, "moderation/change.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def report_review(request, pk: int):
    report = moderation.get_in_territory(request.user, "reports", pk)
    form = ReportDecisionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        done = moderation.close_report(
            report=report,
            user=request.user,
            status=form.cleaned_data["decision"],
            message=form.cleaned_data["message"],
        )
        return _decided(
            request, done, _("Le signalement sur « %(name)s » est classé.") % {"name": report.place.name}
        )
    context = {
        "report": report,
        "place": report.place,
        "form": form,
        "pending": report.status == ErrorReport.Status.NEW,
    }
    return render(request, "moderation/report.html", context, status=400 if form.errors else 200)


@login_required
def place_history(request, pk: int):
    place = get_object_or_404(Place.objects.select_related("structure", "commune"), pk=pk)
    can_restore = _may_restore(request.user, place)
    if not (can_restore or (place.structure is not None and is_member(request.user, place.structure))):
        raise PermissionDenied(_("L'historique d'un lieu est réservé à sa structure et aux modérateurs."))
    page = Paginator(history.ordered_versions(place), 20).get_page(request.GET.get("page"))
    context = {
        "place": place,
        "page": page,
        "entries": history.entries(place, page.object_list),
        "can_restore": can_restore,
    }
    return render(request, "moderation/history.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def restore(request, pk: int, version: int):
    moderation.require_moderator(request.user)
    place = get_object_or_404(Place, pk=pk)
    if not moderation.in_territory(request.user, place):
        raise PermissionDenied(_("Ce lieu n'est pas dans votre territoire de modération."))
    old = get_object_or_404(place.history.all(), history_id=version)
    form = RestoreForm(request.POST if request.method == "POST" else None)
    stale = False
    if request.method == "POST" and form.is_valid():
        try:
            history.restore(
                place=place, version=old, seen_version=form.cleaned_data["seen_version"], user=request.user
            )
        except history.StaleRestore:
            # Shown again against the place as it is now, with its new version to confirm.
            place.refresh_from_db()
            stale = True
        else:
            messages.success(request, _("La version est restaurée : c'est maintenant la version en ligne."))
            return redirect("moderation:history", pk=place.pk)
    context = {
        "place": place,
        "old": old,
        "rows": history.restore_preview(place, old),
        "seen_version": place.version,
        "stale": stale,
        "tags_known": old.tag_snapshot is not None,
    }
    return render(request, "moderation/restore.html", context, status=409 if stale else 200)


def _may_restore(user, place) -> bool:
    return moderation.is_moderator(user) and moderation.in_territory(user, place)


def _decision_form(request, seen: str) -> DecisionForm:
    if request.method == "POST":
        return DecisionForm(request.POST)
    return DecisionForm(initial={"seen": seen})


def _changed_meanwhile() -> str:
    return _(
        "Cet élément a changé pendant que vous le lisiez (la structure l'a complété, ou un autre modérateur "
        "l'a traité) : relisez-le avant de décider."
    )


def _decided(request, done: bool, text: str):
    if done:
        messages.success(request, text)
    else:
        messages.warning(request, _("Un autre modérateur a décidé entre-temps : sa décision est gardée."))
    return redirect("moderation:queue")
