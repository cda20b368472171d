"""Pages of "Mon espace" about structures: declare, edit, ask to join, answer requests, run the members.

Thin views: the forms validate, accounts.structures writes and decides who may (PermissionDenied is a 403). Each
write is a POST with Django's CSRF check; an object named in a URL is fetched by its id only, and the service
checks the person's rights on the structure it belongs to, so a guessed id gives nothing.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import structures
from accounts.models import JoinRequest, Membership
from accounts.structure_forms import (
    DecisionForm,
    JoinRequestForm,
    RoleForm,
    StructureEditForm,
    StructureRegistrationForm,
)
from places.models import Structure
from places.moderation import territory


@login_required
def structure_register(request):
    form = StructureRegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        existing = structures.registered_with(siret=form.cleaned_data["siret"], rna=form.cleaned_data["rna"])
        if existing is not None:
            return _to_join(request, existing)
        try:
            structure = structures.register_structure(user=request.user, **form.structure_values())
        except ValidationError:  # declared by someone else a moment ago
            return _to_join(
                request,
                structures.registered_with(siret=form.cleaned_data["siret"], rna=form.cleaned_data["rna"]),
            )
        messages.success(
            request,
            _(
                "La structure « %(name)s » est inscrite et vous en êtes l'administrateur. Notre équipe la vérifiera "
                "prochainement ; vous pouvez déjà inviter vos collègues à la rejoindre."
            )
            % {"name": structure.name},
        )
        return redirect("accounts:home")
    context = {"form": form, "communes_url": reverse("api:commune-list")}
    return render(request, "accounts/structure_register.html", context, status=400 if form.errors else 200)


@login_required
def structure_edit(request, pk: int):
    structure = get_object_or_404(Structure, pk=pk)
    if not structures.is_admin(request.user, structure):
        raise PermissionDenied(_("Seuls les administrateurs de la structure modifient ses informations."))
    form = StructureEditForm(request.POST or None, instance=structure)
    if request.method == "POST":
        # Validated and saved in one transaction: VersionCheckedForm reads the row under a lock, so nobody
        # writes between its version check and this save.
        with transaction.atomic():
            if form.is_valid():
                structure = form.save(commit=False)
                structure._history_user = request.user
                structure.save()
                messages.success(
                    request,
                    _("Les informations de « %(name)s » sont enregistrées.") % {"name": structure.name},
                )
                return redirect("accounts:home")
    status = 400 if form.errors else 200
    return render(
        request, "accounts/structure_edit.html", {"form": form, "structure": structure}, status=status
    )


@login_required
def join_request_create(request, pk: int):
    structure = get_object_or_404(Structure, pk=pk)
    if Membership.objects.filter(user=request.user, structure=structure).exists():
        messages.info(request, _("Vous êtes déjà membre de « %(name)s ».") % {"name": structure.name})
        return redirect("accounts:home")
    form = JoinRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        structures.request_to_join(
            user=request.user, structure=structure, message=form.cleaned_data["message"]
        )
        if structures.has_administrator(structure):
            said = _("Votre demande est envoyée aux administrateurs de « %(name)s ».")
        else:
            said = _("« %(name)s » n'a pas encore d'administrateur : notre équipe examinera votre demande.")
        messages.success(request, said % {"name": structure.name})
        return redirect("accounts:home")
    pending = JoinRequest.objects.filter(
        user=request.user, structure=structure, status=JoinRequest.Status.PENDING
    )
    context = {"form": form, "structure": structure, "pending": pending.first()}
    return render(request, "accounts/join_request.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def join_request_decide(request, pk: int):
    join_request = get_object_or_404(JoinRequest.objects.select_related("structure", "user"), pk=pk)
    # Before the form: someone who may not decide learns nothing from its errors.
    if not structures.can_decide(request.user, join_request.structure):
        raise PermissionDenied(_("Seuls les administrateurs de la structure répondent à ses demandes."))
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(
            request,
            _("Choisissez d'accepter ou de refuser la demande (message de 2 000 caractères au plus)."),
        )
        return _back(request)
    accept = form.cleaned_data["decision"] == "accept"
    try:
        structures.decide_join_request(
            join_request=join_request, user=request.user, accept=accept, answer=form.cleaned_data["answer"]
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return _back(request)
    person = join_request.user.get_full_name() or join_request.user.get_username()
    if accept:
        messages.success(
            request,
            _("%(person)s a rejoint « %(name)s ».") % {"person": person, "name": join_request.structure.name},
        )
    else:
        messages.success(request, _("La demande de %(person)s est refusée.") % {"person": person})
    return _back(request)


@login_required
@require_POST
def member_role(request, pk: int):
    membership = get_object_or_404(Membership.objects.select_related("structure", "user"), pk=pk)
    if not structures.is_admin(request.user, membership.structure):
        raise PermissionDenied(_("Seuls les administrateurs de la structure gèrent ses membres."))
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choisissez un rôle de la liste."))
        return redirect("accounts:home")
    try:
        membership = structures.change_role(
            membership=membership, user=request.user, role=form.cleaned_data["role"]
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("accounts:home")
    messages.success(
        request,
        _("%(person)s est maintenant « %(role)s » de « %(name)s ».")
        % {
            "person": _person(membership.user),
            "role": membership.get_role_display(),
            "name": membership.structure.name,
        },
    )
    return redirect("accounts:home")


@login_required
@require_POST
def member_remove(request, pk: int):
    membership = get_object_or_404(Membership.objects.select_related("structure", "user"), pk=pk)
    try:
        structures.remove_member(membership=membership, user=request.user)  # PermissionDenied: a 403
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("accounts:home")
    messages.success(
        request,
        _("%(person)s ne fait plus partie de « %(name)s ». Les jetons d'API de la structure restent actifs.")
        % {"person": _person(membership.user), "name": membership.structure.name},
    )
    return redirect("accounts:home")


@login_required
def moderation_join_requests(request):
    """Moderators: requests to join structures without an administrator, and structures to verify."""
    if not structures.is_moderator(request.user):
        raise PermissionDenied(_("Cette page est réservée aux modérateurs."))
    unverified = Structure.objects.awaiting_verification().filter(territory(request.user, "commune"))
    context = {
        "join_requests": structures.pending_for_moderators().filter(
            territory(request.user, "structure__commune")
        ),
        "unverified": unverified.select_related("registered_by", "commune"),
    }
    return render(request, "accounts/moderation_structures.html", context)


@login_required
def moderation_join_request(request, pk: int):
    """One request of the moderation queue (accounts/moderation_queue.py): who asks, to join what."""
    join_request = get_object_or_404(
        structures.pending_for_moderators().select_related("structure__registered_by"), pk=pk
    )
    if not structures.moderates(request.user, join_request.structure):
        raise PermissionDenied(_("Cette page est réservée aux modérateurs de cette structure."))
    return render(request, "accounts/moderation_join_request.html", {"join_request": join_request})


@login_required
@require_POST
def structure_verify(request, pk: int):
    structure = get_object_or_404(Structure, pk=pk)
    structures.verify_structure(structure=structure, user=request.user)  # PermissionDenied: a 403
    messages.success(request, _("« %(name)s » est vérifiée.") % {"name": structure.name})
    return redirect("accounts:moderation-join-requests")


def _to_join(request, structure):
    messages.info(
        request,
        _(
            "« %(name)s » est déjà inscrite dans l'annuaire : demandez à la rejoindre plutôt que de la déclarer à nouveau."
        )
        % {"name": structure.name},
    )
    return redirect("accounts:join-request", pk=structure.pk)


def _back(request):
    # Moderators answer from their list, administrators from "Mon espace".
    if request.POST.get("next") == "moderation" and structures.is_moderator(request.user):
        return redirect("accounts:moderation-join-requests")
    return redirect("accounts:home")


def _person(user) -> str:
    return user.get_full_name() or user.get_username()


def home_context(user) -> dict:
    """What "Mon espace" shows of the person's structures: members, pending requests (to administrators) and
    the person's own requests. Four queries whatever the number of structures."""
    memberships = list(
        Membership.objects.filter(user=user).select_related("structure__commune").order_by("structure__name")
    )
    ids = [membership.structure_id for membership in memberships]
    administered = {m.structure_id for m in memberships if m.role == Membership.Role.ADMIN}
    members_of = {structure_id: [] for structure_id in ids}
    for member in (
        Membership.objects.filter(structure__in=ids).select_related("user").order_by("user__last_name", "pk")
    ):
        members_of[member.structure_id].append(member)
    requests_of = {structure_id: [] for structure_id in administered}
    pending = JoinRequest.objects.filter(structure__in=administered, status=JoinRequest.Status.PENDING)
    for join_request in pending.select_related("user").order_by("created_at", "pk"):
        requests_of[join_request.structure_id].append(join_request)
    own_requests = JoinRequest.objects.filter(user=user).select_related("structure", "decided_by")[:20]
    structures_of_user = [
        {
            "structure": m.structure,
            "membership": m,
            "is_admin": m.structure_id in administered,
            "members": members_of[m.structure_id],
            "admin_count": sum(
                1 for member in members_of[m.structure_id] if member.role == Membership.Role.ADMIN
            ),
            "join_requests": requests_of.get(m.structure_id, []),
        }
        for m in memberships
    ]
    return {
        "my_structures": structures_of_user,
        "my_join_requests": list(own_requests),
        "is_structure_moderator": structures.is_moderator(user),
        "role_choices": Membership.Role.choices,
    }
