"""Structures on the site: a person declares one, asks to join one, and its administrators run its members.

Plain functions with keyword-only arguments, one per write; each checks who may do it (PermissionDenied, a
403) whatever the page that calls it, so that a guessed id on a form's URL gives nothing. Rules:

- Whoever declares a structure becomes its administrator; a moderator later verifies it (Structure.verified_at).
- A SIRET or RNA already in the directory leads to a request to join that structure, never a second one.
- A structure's administrators decide its join requests; a structure without an administrator (imported) has
  its requests decided by the moderators (staff with the permission to change structures), and the first person
  they let in becomes its administrator.
- Only administrators change roles and remove members; the last administrator can be neither demoted nor
  removed, so a structure never loses the people who can let others in. Tokens belong to the structure: they
  stay when their creator leaves.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import structure_emails
from accounts.models import JoinRequest, Membership
from places.concurrency import locked
from places.models import Structure
from places.moderation import territory

Role = Membership.Role


def is_moderator(user) -> bool:
    """Staff who may change structures in the admin decide what no administrator can."""
    return bool(user and user.is_authenticated and user.is_staff and user.has_perm("places.change_structure"))


def is_admin(user, structure) -> bool:
    if not user or not user.is_authenticated:
        return False
    return Membership.objects.filter(user=user, structure=structure, role=Role.ADMIN).exists()


def has_administrator(structure) -> bool:
    return Membership.objects.filter(structure=structure, role=Role.ADMIN).exists()


def moderates(user, structure) -> bool:
    """A moderator whose territory (places.moderation) holds the structure's commune."""
    if not is_moderator(user):
        return False
    return Structure.objects.filter(territory(user, "commune"), pk=structure.pk).exists()


def can_decide(user, structure) -> bool:
    """A structure's administrators decide its join requests; moderators those of a structure without one."""
    return is_admin(user, structure) or (not has_administrator(structure) and moderates(user, structure))


def registered_with(*, siret: str = "", rna: str = "") -> Structure | None:
    """The structure already in the directory with this SIRET (or, without one, this RNA number)."""
    if siret:
        return Structure.objects.filter(siret=siret).order_by("pk").first()
    if rna:
        return Structure.objects.filter(rna=rna).order_by("pk").first()
    return None


def register_structure(*, user, **values) -> Structure:
    """A new structure, declared by `user`, who becomes its administrator. `values` are Structure fields
    (name, kind, siret, rna, commune, address, phone, email, website), already validated by the form."""
    if not user.is_authenticated:
        raise PermissionDenied(_("Connectez-vous pour déclarer une structure."))
    with transaction.atomic():
        # Checked again inside the transaction (one writer at a time on SQLite): a double submit of the form
        # does not make two structures.
        existing = registered_with(siret=values.get("siret", ""), rna=values.get("rna", ""))
        if existing is not None:
            raise ValidationError(_("Cette structure est déjà inscrite dans l'annuaire."), code="exists")
        structure = Structure(registered_by=user, **values)
        structure._history_user = user
        structure.save()
        Membership.objects.create(user=user, structure=structure, role=Role.ADMIN)
    return structure


def request_to_join(*, user, structure, message: str = "") -> JoinRequest:
    """Ask to join `structure`; its administrators (or the moderators) are told by email. Asking again while a
    request is pending returns that request."""
    if not user.is_authenticated:
        raise PermissionDenied(_("Connectez-vous pour demander à rejoindre une structure."))
    if Membership.objects.filter(user=user, structure=structure).exists():
        raise ValidationError(_("Vous êtes déjà membre de cette structure."), code="member")
    with transaction.atomic():
        locked(Structure, structure.pk)  # two clicks on "Envoyer" make one request
        pending = JoinRequest.objects.filter(
            user=user, structure=structure, status=JoinRequest.Status.PENDING
        )
        if (existing := pending.first()) is not None:
            return existing
        join_request = JoinRequest.objects.create(user=user, structure=structure, message=message.strip())
        transaction.on_commit(lambda: structure_emails.join_requested(join_request))
    return join_request


def decide_join_request(*, join_request: JoinRequest, user, accept: bool, answer: str = "") -> JoinRequest:
    """Accept (the person becomes a member) or refuse a pending request; the person is told by email."""
    structure = join_request.structure
    with transaction.atomic():
        locked(Structure, structure.pk)  # first: an administrator demoted meanwhile decides nothing
        if not can_decide(user, structure):
            raise PermissionDenied(_("Seuls les administrateurs de la structure répondent à ses demandes."))
        join_request = locked(JoinRequest, join_request.pk)
        if not join_request.is_pending:
            raise ValidationError(_("Cette demande a déjà reçu une réponse."), code="decided")
        if accept:
            # Let in by a moderator, the first member of a structure without administrator administers it.
            role = Role.EDITOR if has_administrator(structure) else Role.ADMIN
            Membership.objects.get_or_create(
                user=join_request.user, structure=structure, defaults={"role": role}
            )
        join_request.status = JoinRequest.Status.ACCEPTED if accept else JoinRequest.Status.REFUSED
        join_request.answer = answer.strip()
        join_request.decided_by = user
        join_request.decided_at = timezone.now()
        join_request.save()
        transaction.on_commit(lambda: structure_emails.join_decided(join_request))
    return join_request


def change_role(*, membership: Membership, user, role: str) -> Membership:
    if role not in Role.values:
        raise ValidationError(_("Rôle inconnu."), code="role")
    with transaction.atomic():
        membership = _lock_for_admin(membership, user)
        if membership.role == Role.ADMIN and role != Role.ADMIN and _is_last_admin(membership):
            raise ValidationError(
                _(
                    "C'est le dernier administrateur de la structure : nommez d'abord un autre administrateur."
                ),
                code="last_admin",
            )
        membership.role = role
        membership.save(update_fields=["role"])
    return membership


def remove_member(*, membership: Membership, user) -> None:
    """The person no longer acts for the structure. The API tokens they created stay with the structure."""
    with transaction.atomic():
        membership = _lock_for_admin(membership, user)
        if membership.role == Role.ADMIN and _is_last_admin(membership):
            raise ValidationError(
                _("C'est le dernier administrateur de la structure : il ne peut pas être retiré."),
                code="last_admin",
            )
        membership.delete()


def verify_structure(*, structure, user) -> Structure:
    """A moderator checked that the structure exists and that its declarer acts for it."""
    if not is_moderator(user):
        raise PermissionDenied(_("Seuls les modérateurs vérifient les structures."))
    with transaction.atomic():
        structure = locked(Structure, structure.pk)
        if structure.verified_at is None:
            structure.verified_at = timezone.now()
            structure._history_user = user
            structure.save(update_fields=["verified_at"])
    return structure


def pending_for_moderators():
    """Pending requests to join structures that have no administrator: the moderators answer them."""
    return (
        JoinRequest.objects.filter(status=JoinRequest.Status.PENDING)
        .filter(structure__in=Structure.objects.without_administrator())
        .select_related("user", "structure__commune")
        .order_by("created_at", "pk")
    )


def _lock_for_admin(membership: Membership, user) -> Membership:
    """The membership read again under its structure's lock, once `user` is known to administer it. The
    structure's row is the lock: two administrators demoting each other at once cannot leave it with none."""
    locked(Structure, membership.structure_id)
    if not is_admin(user, membership.structure):
        raise PermissionDenied(_("Seuls les administrateurs de la structure gèrent ses membres."))
    try:
        return Membership.objects.select_related("user", "structure").get(pk=membership.pk)
    except Membership.DoesNotExist:
        raise ValidationError(_("Cette personne n'est plus membre de la structure."), code="gone") from None


def _is_last_admin(membership: Membership) -> bool:
    others = Membership.objects.filter(structure_id=membership.structure_id, role=Role.ADMIN)
    return not others.filter(~Q(pk=membership.pk)).exists()
