""" "Vérifier et confirmer": a member's page to check one place of their structure, and the "Tout est à jour"
button (POST only) that dates its data today (places/reviews.py). Only members of the place's structure and
staff may open either (403 before anything about the place is shown); anonymous visitors are sent to log in.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from places import freshness, hours, reviews
from places.models import Place, PlaceChange


def _place_for(request, pk: int) -> Place:
    place = get_object_or_404(Place.objects.select_related("structure", "commune"), pk=pk)
    if not reviews.can_confirm(request.user, place):
        raise PermissionDenied(
            _("Seuls les membres de la structure du lieu peuvent confirmer ses informations.")
        )
    return place


@login_required
@require_GET
def place_review(request, pk: int):
    place = _place_for(request, pk)
    return render(
        request,
        "places/review.html",
        {
            "place": place,
            "badge": freshness.badge_of(place.updated_on),
            "week": hours.week(place.opening_hours, timezone.now()),
            "reviewable": reviews.is_reviewable(place),
            "change_pending": PlaceChange.objects.filter(
                place=place, status=PlaceChange.Status.PENDING
            ).exists(),
        },
    )


@login_required
@require_POST
def place_confirm(request, pk: int):
    place = _place_for(request, pk)
    review_url = redirect("places:review", pk=place.pk)
    if not reviews.is_reviewable(place):
        messages.error(
            request, _("Ce lieu est fermé ou archivé : ses informations n'ont plus à être confirmées.")
        )
        return review_url
    try:
        place = reviews.confirm_up_to_date(place=place, user=request.user)
    except reviews.ChangePending:
        messages.error(
            request,
            _(
                "Une modification de ce lieu attend la relecture d'un modérateur : ses informations publiées ne "
                "sont donc pas celles que vous voulez. Elles seront datées d'aujourd'hui quand la modification "
                "sera acceptée."
            ),
        )
        return review_url
    messages.success(
        request,
        _("« %(name)s » est confirmé à jour : sa date de mise à jour est maintenant le %(date)s.")
        % {"name": place.name, "date": date_format(place.updated_on, "j F Y")},
    )
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return review_url
