"""Pages where a structure's members declare, update, close and claim places (see places/member_forms.py).

Every write goes through places/submissions.py: a new place waits for moderators, a change to a published place
is proposed (the published version stays online until a moderator approves it), a place not yet published
changes at once. Only members of the place's structure may open these pages (403 otherwise, before anything
about the place is shown).
"""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.models import Membership
from places.claims import claim_place
from places.closing import close_place
from places.member_forms import (
    ClaimForm,
    CloseForm,
    MemberPlaceForm,
    StructureChoiceForm,
    stop_changes,
    stop_formset,
)
from places.models import Place, Structure
from places.submissions import propose_change, submit_place


def _structures_of(user):
    return Structure.objects.filter(memberships__user=user).order_by("name")


def _via(request) -> str:
    return f"Site, formulaire de {request.user.get_username()}"


def _editable_place(request, pk: int) -> Place:
    place = get_object_or_404(Place.objects.select_related("structure", "commune"), pk=pk)
    if (
        place.structure_id is None
        or not Membership.objects.filter(user=request.user, structure_id=place.structure_id).exists()
    ):
        raise PermissionDenied(_("Seuls les membres de la structure du lieu peuvent le modifier."))
    return place


@login_required
@require_http_methods(["GET", "POST"])
def place_create(request):
    structures = _structures_of(request.user)
    if not structures.exists():
        messages.info(
            request, _("Déclarez d'abord votre structure (ou rejoignez-la) : le lieu lui sera rattaché.")
        )
        return redirect("accounts:home")
    choice = StructureChoiceForm(
        request.POST or None, structures=structures, initial={"structure": request.GET.get("structure")}
    )
    form = MemberPlaceForm(request.POST or None, instance=Place())
    formset = stop_formset(request.POST or None)
    if request.method == "POST" and choice.is_valid() & form.is_valid() & formset.is_valid():
        structure = choice.cleaned_data["structure"]
        attributes, tags = form.changes()
        if (new_stops := stop_changes(formset)) is not None:
            attributes["stops"] = new_stops
        place = submit_place(
            structure=structure,
            origin=f"structure-{structure.pk}",
            origin_id=uuid.uuid4().hex,
            attributes=attributes,
            tags=tags,
            user=request.user,
            via=_via(request),
        )
        if place.status == Place.Status.PUBLISHED:  # a structure the moderators trust
            messages.success(request, _("Le lieu « %(name)s » est publié.") % {"name": place.name})
        else:
            messages.success(
                request,
                _(
                    "Le lieu « %(name)s » est enregistré : il sera publié après vérification par un modérateur."
                )
                % {"name": place.name},
            )
        return redirect("accounts:home")
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "formset": formset, "choice": choice, "place": None}
    return render(request, "places/member/place_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def place_edit(request, pk: int):
    place = _editable_place(request, pk)
    if place.status == Place.Status.ARCHIVED:
        messages.info(request, _("Ce lieu est fermé ou archivé : il ne se modifie plus."))
        return redirect("accounts:home")
    if request.method == "POST":
        with transaction.atomic():  # the version check reads the row under a lock held until the write
            form = MemberPlaceForm(request.POST, instance=place)
            formset = stop_formset(request.POST, place=place)
            if form.is_valid() & formset.is_valid():
                attributes, tags = form.changes()
                if (new_stops := stop_changes(formset)) is not None:
                    attributes["stops"] = new_stops
                change = propose_change(
                    place=place, attributes=attributes, tags=tags, user=request.user, via=_via(request)
                )
                if not attributes and not tags:
                    messages.info(request, _("Aucune modification : rien n'a été envoyé."))
                elif change is None:
                    messages.success(request, _("Modifications enregistrées."))
                else:
                    messages.success(
                        request,
                        _(
                            "Modifications envoyées : elles seront publiées après vérification par un modérateur. "
                            "D'ici là, la fiche publique reste telle qu'elle est."
                        ),
                    )
                return redirect("accounts:home")
    else:
        form = MemberPlaceForm(instance=place)
        formset = stop_formset(place=place)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "formset": formset, "place": place}
    return render(request, "places/member/place_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def place_close(request, pk: int):
    place = _editable_place(request, pk)
    form = CloseForm(request.POST or None, initial={"seen_version": place.version})
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["seen_version"] != place.version:
            form.add_error(
                None, _("Le lieu a été modifié entre-temps : vérifiez sa fiche, puis recommencez.")
            )
        else:
            change = close_place(
                place=place, closed_on=form.cleaned_data["closed_on"], user=request.user, via=_via(request)
            )
            messages.success(
                request,
                _("La fermeture est enregistrée.")
                if change is None
                else _("La fermeture sera publiée après vérification par un modérateur."),
            )
            return redirect("accounts:home")
    status = 400 if form.errors else 200
    return render(request, "places/member/close.html", {"form": form, "place": place}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def place_claim(request, pk: int):
    place = get_object_or_404(Place.objects.select_related("structure"), pk=pk, status=Place.Status.PUBLISHED)
    structures = _structures_of(request.user).exclude(pk=place.structure_id)
    if not structures.exists():
        messages.info(
            request, _("Déclarez d'abord votre structure (ou rejoignez-la) pour revendiquer un lieu.")
        )
        return redirect("accounts:home")
    form = ClaimForm(request.POST or None, structures=structures)
    if request.method == "POST" and form.is_valid():
        claim = claim_place(
            place=place,
            structure=form.cleaned_data["structure"],
            user=request.user,
            message=form.cleaned_data["message"],
        )
        if claim.status == claim.Status.ACCEPTED:
            messages.success(
                request,
                _("Le lieu « %(name)s » est rattaché à votre structure : même SIRET.") % {"name": place.name},
            )
        else:
            messages.success(
                request,
                _("Votre demande est envoyée : un modérateur vérifiera que le lieu est bien le vôtre."),
            )
        return redirect("accounts:home")
    status = 400 if form.errors else 200
    return render(request, "places/member/claim.html", {"form": form, "place": place}, status=status)
