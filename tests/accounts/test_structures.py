"""Structures on "Mon espace": declare one (SIRET or RNA, kind, commune), ask to join one already registered,
answer requests, run the members — and nobody else can, whatever id they guess."""

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.test import Client
from django.urls import reverse
from localflavor.fr.forms import FRSIRETField

from accounts.models import ApiToken, JoinRequest, Membership
from places.models import Commune, Structure
from tests.accounts.factories import ApiTokenFactory, MembershipFactory, UserFactory
from tests.places.factories import StructureFactory

# SIREN 210301859 (Luhn key 9) and establishment 00018 (Luhn key of the whole SIRET: 8).
VALID_SIRET = "21030185900018"
# The same with a wrong last digit: localflavor's own field accepts it, as it checks only the SIREN.
WRONG_KEY_SIRET = "21030185900019"
OTHER_SIRET = "26030185800015"
# La Poste's establishments do not follow Luhn; the sum of their digits is a multiple of 5.
LA_POSTE_SIRET = "35600000049837"

ADMIN, EDITOR = Membership.Role.ADMIN, Membership.Role.EDITOR


def declare(client, **values):
    data = {
        "name": "Mairie de Montluçon",
        "kind": Structure.Kind.COMMUNE,
        "siret": "210 301 859 00018",
        "rna": "",
        "commune_query": "Montluçon 03100",
        "address": "1 rue des Conches",
        "phone": "04 70 02 55 00",
        "email": "",
        "website": "",
        **values,
    }
    return client.post(reverse("accounts:structure-register"), data)


@pytest.fixture
def world(db):
    """Structure A (an administrator, an editor), structure B (a member), a moderator, and their clients."""
    a = StructureFactory(name="Médiathèque A", siret=VALID_SIRET)
    b = StructureFactory(name="Association B")
    people = {
        "admin_a": MembershipFactory(structure=a, role=ADMIN).user,
        "editor_a": MembershipFactory(structure=a, role=EDITOR).user,
        "member_b": MembershipFactory(structure=b, role=ADMIN).user,  # administrator of B, nothing of A
        "staff": UserFactory(is_staff=True),
    }
    people["staff"].user_permissions.add(
        Permission.objects.get(codename="change_structure", content_type__app_label="places")
    )
    clients = {"anonymous": Client()}
    for name, user in people.items():
        clients[name] = Client()
        clients[name].force_login(user)
    return type("World", (), {"a": a, "b": b, "clients": clients, **people})


# --- Declaring a structure ---------------------------------------------------------------------------------


def test_a_person_declares_a_structure_and_becomes_its_administrator(world):
    user = UserFactory()
    client = Client()
    client.force_login(user)
    StructureFactory(siret="")  # a structure without SIRET does not make every new one a duplicate

    response = declare(client, siret="213 003 056 00016")

    assert response.status_code == 302 and response.url == reverse("accounts:home")
    structure = Structure.objects.get(siret="21300305600016")  # spaces removed
    assert structure.commune == Commune.objects.get(code="03185")
    assert structure.phone == "+33470025500"
    assert structure.registered_by == user and structure.verified_at is None
    assert Membership.objects.get(structure=structure).user == user
    assert Membership.objects.get(structure=structure).role == ADMIN
    home = client.get(reverse("accounts:home")).content.decode()
    assert "Mairie de Montluçon" in home and "En attente de vérification" in home
    assert Structure.objects.awaiting_verification().get() == structure


def test_a_siret_with_a_wrong_check_digit_is_refused_with_a_clear_message(world):
    assert FRSIRETField().clean(WRONG_KEY_SIRET) == WRONG_KEY_SIRET  # why we check it ourselves

    response = declare(world.clients["member_b"], siret="210 301 859 00019")

    assert response.status_code == 400
    assert "sa clé de contrôle ne correspond pas" in response.content.decode()
    assert not Structure.objects.filter(siret=WRONG_KEY_SIRET).exists()


def test_a_siret_of_the_wrong_length_says_so(world):
    response = declare(world.clients["member_b"], siret="2103018590001")
    assert response.status_code == 400
    assert "Un SIRET a 14 chiffres" in response.content.decode()


def test_la_poste_establishments_are_accepted_without_luhn(world):
    response = declare(
        world.clients["member_b"], name="Bureau de poste", kind="la-poste", siret=LA_POSTE_SIRET
    )
    assert response.status_code == 302
    assert Structure.objects.filter(siret=LA_POSTE_SIRET, kind="la-poste").exists()


def test_an_association_without_siret_registers_with_its_rna_number(world):
    response = declare(
        world.clients["member_b"], name="Les Amis du clic", kind="association", siret="", rna="w031 234 567"
    )
    assert response.status_code == 302
    assert Structure.objects.get(rna="W031234567").siret == ""


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"siret": "", "rna": ""}, "Indiquez le SIRET de la structure"),
        ({"siret": "", "rna": "W12345"}, "W suivi de 9 chiffres"),
        ({"siret": "", "rna": "W031234567", "kind": "commune"}, "Seules les associations"),
        ({"kind": ""}, "Choisissez la nature de la structure"),
        ({"commune_query": "Xyzzyville"}, "Aucune commune ne porte ce nom"),
    ],
)
def test_what_a_structure_needs_is_explained(world, values, message):
    response = declare(world.clients["member_b"], **values)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Structure.objects.count() == 2


def test_homonym_communes_are_offered_as_a_choice_without_javascript(world):
    client = world.clients["member_b"]
    response = declare(client, commune_query="Saint-Denis")
    page = response.content.decode()
    assert response.status_code == 400
    assert 'name="commune_code" value="93066"' in page and 'name="commune_code" value="97411"' in page

    response = declare(client, siret=OTHER_SIRET, commune_query="Saint-Denis", commune_code="93066")
    assert response.status_code == 302
    assert Structure.objects.get(name="Mairie de Montluçon").commune_id == "93066"


def test_a_suggested_label_reads_back_as_its_commune(world):
    response = declare(world.clients["member_b"], siret=OTHER_SIRET, commune_query="Saint-Denis (974)")
    assert response.status_code == 302
    assert Structure.objects.get(name="Mairie de Montluçon").commune_id == "97411"


# --- A SIRET already registered: a request to join ---------------------------------------------------------


def test_an_already_registered_siret_leads_to_a_join_request_not_a_duplicate(
    world, django_capture_on_commit_callbacks
):
    client = world.clients["member_b"]
    response = declare(client, siret="210 301 859 00018")
    assert response.url == reverse("accounts:join-request", args=[world.a.pk])
    assert Structure.objects.filter(siret=VALID_SIRET).count() == 1

    with django_capture_on_commit_callbacks(execute=True):
        client.post(response.url, {"message": "Je suis la nouvelle médiatrice."})
        client.post(response.url, {"message": "Deux clics"})

    join_request = JoinRequest.objects.get()
    assert (join_request.user, join_request.structure, join_request.status) == (
        world.member_b,
        world.a,
        "pending",
    )
    assert join_request.message == "Je suis la nouvelle médiatrice."
    [email] = mail.outbox
    assert email.to == [world.admin_a.email]
    assert "Je suis la nouvelle médiatrice." in email.body and "/compte/" in email.body
    # The administrators see it on their space; the requester sees its status on theirs.
    assert (
        "Je suis la nouvelle médiatrice."
        in world.clients["admin_a"].get(reverse("accounts:home")).content.decode()
    )
    assert "En attente" in client.get(reverse("accounts:home")).content.decode()


def test_an_administrator_accepts_a_request_and_the_person_is_told(world, django_capture_on_commit_callbacks):
    join_request = JoinRequest.objects.create(user=world.member_b, structure=world.a)
    url = reverse("accounts:join-request-decide", args=[join_request.pk])

    with django_capture_on_commit_callbacks(execute=True):
        response = world.clients["admin_a"].post(url, {"decision": "accept", "answer": "Bienvenue !"})

    assert response.status_code == 302
    assert Membership.objects.get(user=world.member_b, structure=world.a).role == EDITOR
    join_request.refresh_from_db()
    assert join_request.status == "accepted" and join_request.decided_by == world.admin_a
    [email] = mail.outbox
    assert email.to == [world.member_b.email] and "acceptée" in email.body and "Bienvenue !" in email.body
    assert "Acceptée" in world.clients["member_b"].get(reverse("accounts:home")).content.decode()


def test_a_refused_request_gives_no_membership(world, django_capture_on_commit_callbacks):
    join_request = JoinRequest.objects.create(user=world.member_b, structure=world.a)
    with django_capture_on_commit_callbacks(execute=True):
        world.clients["admin_a"].post(
            reverse("accounts:join-request-decide", args=[join_request.pk]),
            {"decision": "refuse", "answer": "Inconnu"},
        )
    join_request.refresh_from_db()
    assert join_request.status == "refused" and join_request.answer == "Inconnu"
    assert not Membership.objects.filter(user=world.member_b, structure=world.a).exists()
    assert "n'est pas acceptée" in mail.outbox[0].body


def test_requests_to_a_structure_without_administrator_go_to_moderators(
    world, django_capture_on_commit_callbacks
):
    imported = StructureFactory(name="CCAS importé", siret="21300305600016", origin="import")
    requester = Client()
    requester_user = UserFactory()
    requester.force_login(requester_user)

    with django_capture_on_commit_callbacks(execute=True):
        requester.post(
            reverse("accounts:join-request", args=[imported.pk]), {"message": "Directrice du CCAS"}
        )
    assert mail.outbox[0].to == [world.staff.email]
    assert "/compte/moderation/structures/" in mail.outbox[0].body

    page = world.clients["staff"].get(reverse("accounts:moderation-join-requests")).content.decode()
    assert "CCAS importé" in page and "Directrice du CCAS" in page
    join_request = JoinRequest.objects.get()
    world.clients["staff"].post(
        reverse("accounts:join-request-decide", args=[join_request.pk]),
        {"decision": "accept", "next": "moderation"},
    )
    # The first person let in administers it: from now on, its administrators answer.
    assert Membership.objects.get(user=requester_user, structure=imported).role == ADMIN


# --- Who may do what (0 IDOR) --------------------------------------------------------------------------------


def _write_paths(world):
    """Every write of this feature aimed at structure A, as (url, data), built fresh for each actor."""
    join_request = JoinRequest.objects.create(user=UserFactory(), structure=world.a)
    editor = Membership.objects.get(user=world.editor_a, structure=world.a)
    return {
        "decide": (reverse("accounts:join-request-decide", args=[join_request.pk]), {"decision": "accept"}),
        "role": (reverse("accounts:member-role", args=[editor.pk]), {"role": ADMIN}),
        "remove": (reverse("accounts:member-remove", args=[editor.pk]), {}),
        "edit": (
            reverse("accounts:structure-edit", args=[world.a.pk]),
            {"name": "Renommée", "seen_version": world.a.version},
        ),
    }


def _unchanged(world) -> bool:
    world.a.refresh_from_db()
    editor = Membership.objects.filter(user=world.editor_a, structure=world.a).first()
    return (
        world.a.name == "Médiathèque A"
        and editor is not None
        and editor.role == EDITOR
        and not JoinRequest.objects.exclude(status="pending").exists()
    )


@pytest.mark.parametrize("path", ["decide", "role", "remove", "edit"])
@pytest.mark.parametrize(("actor", "expected"), [("editor_a", 403), ("member_b", 403), ("staff", 403)])
def test_only_the_structures_administrators_write(world, path, actor, expected):
    url, data = _write_paths(world)[path]
    response = world.clients[actor].post(url, data)
    assert response.status_code == expected
    assert _unchanged(world)


@pytest.mark.parametrize("path", ["decide", "role", "remove", "edit"])
def test_anonymous_people_are_sent_to_the_login_page(world, path):
    url, data = _write_paths(world)[path]
    response = world.clients["anonymous"].post(url, data)
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))
    assert _unchanged(world)


@pytest.mark.parametrize("path", ["decide", "role", "remove", "edit"])
def test_the_administrator_of_a_does_each_write(world, path):
    url, data = _write_paths(world)[path]
    response = world.clients["admin_a"].post(url, data)
    assert response.status_code == 302
    assert not _unchanged(world)


@pytest.mark.parametrize("path", ["decide", "role", "remove", "edit"])
def test_every_write_needs_the_csrf_token(world, path):
    url, data = _write_paths(world)[path]
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.admin_a)
    assert client.post(url, data).status_code == 403
    assert _unchanged(world)


def test_the_edit_page_is_closed_to_other_members(world):
    url = reverse("accounts:structure-edit", args=[world.a.pk])
    assert world.clients["admin_a"].get(url).status_code == 200
    for actor in ("editor_a", "member_b", "staff"):
        assert world.clients[actor].get(url).status_code == 403
    assert world.clients["anonymous"].get(url).status_code == 302


def test_only_moderators_see_their_list_and_verify(world):
    declare(world.clients["member_b"], siret="213 003 056 00016")
    declared = Structure.objects.get(siret="21300305600016")
    url = reverse("accounts:structure-verify", args=[declared.pk])
    for actor in ("admin_a", "editor_a", "member_b"):
        assert world.clients[actor].get(reverse("accounts:moderation-join-requests")).status_code == 403
        assert world.clients[actor].post(url).status_code == 403
    assert world.clients["anonymous"].post(url).status_code == 302
    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(world.staff)
    assert csrf_client.post(url).status_code == 403
    declared.refresh_from_db()
    assert declared.verified_at is None

    assert (
        "Mairie de Montluçon"
        in world.clients["staff"].get(reverse("accounts:moderation-join-requests")).content.decode()
    )
    world.clients["staff"].post(url)
    declared.refresh_from_db()
    assert declared.verified_at is not None


def test_moderators_do_not_answer_for_a_structure_that_has_administrators(world):
    JoinRequest.objects.create(user=UserFactory(), structure=world.a, message="Pour A")
    page = world.clients["staff"].get(reverse("accounts:moderation-join-requests")).content.decode()
    assert "Pour A" not in page


def test_declaring_and_joining_need_a_login_and_the_csrf_token(world):
    for url in (reverse("accounts:structure-register"), reverse("accounts:join-request", args=[world.a.pk])):
        response = world.clients["anonymous"].post(url, {})
        assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))
        client = Client(enforce_csrf_checks=True)
        client.force_login(world.member_b)
        assert client.post(url, {"message": "x"}).status_code == 403
    assert Structure.objects.count() == 2 and not JoinRequest.objects.exists()


# --- Members and roles ------------------------------------------------------------------------------------


def test_the_last_administrator_can_be_neither_demoted_nor_removed(world):
    own = Membership.objects.get(user=world.admin_a, structure=world.a)
    client = world.clients["admin_a"]

    response = client.post(reverse("accounts:member-role", args=[own.pk]), {"role": EDITOR}, follow=True)
    assert "dernier administrateur" in response.content.decode()
    client.post(reverse("accounts:member-remove", args=[own.pk]))
    own.refresh_from_db()
    assert own.role == ADMIN

    # With a second administrator, the first may step down.
    editor = Membership.objects.get(user=world.editor_a, structure=world.a)
    client.post(reverse("accounts:member-role", args=[editor.pk]), {"role": ADMIN})
    client.post(reverse("accounts:member-role", args=[own.pk]), {"role": EDITOR})
    own.refresh_from_db()
    assert own.role == EDITOR


def test_a_removed_members_tokens_stay_with_the_structure(world):
    token = ApiTokenFactory(structure=world.a, created_by=world.editor_a)
    editor = Membership.objects.get(user=world.editor_a, structure=world.a)
    world.clients["admin_a"].post(reverse("accounts:member-remove", args=[editor.pk]))
    assert not Membership.objects.filter(pk=editor.pk).exists()
    token = ApiToken.objects.get(pk=token.pk)
    assert token.is_active and token.structure == world.a


def test_an_unknown_role_changes_nothing(world):
    editor = Membership.objects.get(user=world.editor_a, structure=world.a)
    world.clients["admin_a"].post(reverse("accounts:member-role", args=[editor.pk]), {"role": "owner"})
    editor.refresh_from_db()
    assert editor.role == EDITOR


# --- Editing the structure ----------------------------------------------------------------------------------


def test_an_administrator_edits_the_structure_and_a_stale_form_is_refused(world):
    url = reverse("accounts:structure-edit", args=[world.a.pk])
    seen = world.a.version
    client = world.clients["admin_a"]

    response = client.post(
        url, {"name": "Médiathèque Boris-Vian", "phone": "04 70 05 12 34", "seen_version": seen}
    )
    assert response.status_code == 302
    world.a.refresh_from_db()
    assert (world.a.name, world.a.phone) == ("Médiathèque Boris-Vian", "+33470051234")
    assert world.a.history.first().history_user == world.admin_a

    # A second administrator's form, drawn before that save.
    response = client.post(url, {"name": "Autre nom", "seen_version": seen})
    assert response.status_code == 400
    assert "Pendant que vous le modifiiez" in response.content.decode()
    world.a.refresh_from_db()
    assert world.a.name == "Médiathèque Boris-Vian"


# --- The moderation queue -----------------------------------------------------------------------------------


def test_join_requests_of_orphan_structures_are_in_the_moderators_territory_queue(world):
    from places.models import Departement, ModeratorScope
    from places.moderation import kinds

    imported = StructureFactory(name="CCAS importé", commune=Commune.objects.get(code="03185"))
    join_request = JoinRequest.objects.create(user=UserFactory(), structure=imported)
    JoinRequest.objects.create(user=UserFactory(), structure=world.a)  # A has an administrator: not for them
    queue = {kind.slug: kind for kind in kinds()}["join-requests"]
    url = reverse("accounts:moderation-join-request", args=[join_request.pk])

    assert list(queue.items(world.staff)) == [join_request]
    assert queue.row(join_request).url == url
    assert world.clients["staff"].get(url).status_code == 200
    for actor in ("admin_a", "editor_a", "member_b"):
        assert world.clients[actor].get(url).status_code == 403

    # A moderator of another département neither sees it nor decides it.
    scope = ModeratorScope.objects.create(user=world.staff)
    scope.departements.add(Departement.objects.get(pk="75"))
    assert list(queue.items(world.staff)) == []
    assert world.clients["staff"].get(url).status_code == 403
    decide = reverse("accounts:join-request-decide", args=[join_request.pk])
    assert world.clients["staff"].post(decide, {"decision": "accept"}).status_code == 403
    join_request.refresh_from_db()
    assert join_request.status == "pending"
