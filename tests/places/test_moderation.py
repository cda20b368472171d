"""The moderators' queue on the site: what waits, who may decide where, and the message the member reads."""

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from accounts.models import ApiToken
from places.models import Commune, ErrorReport, ModeratorScope, Place, PlaceChange, Region
from places.submissions import propose_change, submit_place
from tests.accounts.factories import ApiTokenFactory, MembershipFactory, UserFactory
from tests.places.factories import PlaceFactory, StructureFactory

MONTLUCON = "03185"  # Allier, Auvergne-Rhône-Alpes
RENNES = "35238"  # Ille-et-Vilaine, Bretagne


def moderator(*, departements=(), regions=()):
    user = UserFactory(is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__in=["change_place", "change_placechange"]))
    if departements or regions:
        scope = ModeratorScope.objects.create(user=user)
        scope.departements.set(departements)
        scope.regions.set(regions)
    return user


def counts(page) -> dict[str, int]:
    """The queue's counts of the kinds this file is about (other parts of the site register theirs)."""
    found = {section["kind"].slug: section["count"] for section in page.context["sections"]}
    return {slug: found[slug] for slug in ("places", "changes", "reports")}


def logged_in(user, **kwargs) -> Client:
    client = Client(**kwargs)
    client.force_login(user)
    return client


@pytest.fixture
def structure():
    return StructureFactory(name="CCAS de Montluçon")


@pytest.fixture
def submitted(structure):
    return submit_place(
        structure=structure,
        origin="web",
        origin_id="nouveau-1",
        attributes={
            "name": "Atelier numérique des Marais",
            "address": "1 place de la Mairie",
            "postcode": "03100",
            "commune_name": "Montluçon",
            "commune_id": MONTLUCON,
            "latitude": 46.34,
            "longitude": 2.60,
            "opening_hours": "Mo-Fr 09:00-12:00",
        },
        tags={"services": ["demarches-administratives"]},
        user=None,
        via="Site, formulaire du lieu",
    )


@pytest.fixture
def change(structure):
    place = PlaceFactory(structure=structure, name="Médiathèque")
    return propose_change(
        place=place, attributes={"phone": "+33470000000"}, tags={}, user=None, via="API, jeton « x »"
    )


@pytest.fixture
def report():
    place = PlaceFactory(commune=Commune.objects.get(code=RENNES), name="Espace Rennais")
    return ErrorReport.objects.create(place=place, kind=ErrorReport.Kind.HOURS, message="Fermé le lundi")


def test_the_queue_lists_every_kind_waiting(submitted, change, report):
    PlaceFactory(name="Déjà publié")
    ErrorReport.objects.create(place=report.place, kind="autre", status=ErrorReport.Status.DONE)
    page = logged_in(moderator()).get(reverse("moderation:queue"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Atelier numérique des Marais" in text
    assert "Médiathèque" in text and "1 champ(s) modifié(s)" in text
    assert "Espace Rennais" in text and "Les horaires sont faux" in text
    assert "Déjà publié" not in text
    assert counts(page) == {"places": 1, "changes": 1, "reports": 1}


def test_a_territorial_moderator_sees_only_their_territory(submitted, change, report):
    allier = moderator(departements=[Commune.objects.get(code=MONTLUCON).departement])
    page = logged_in(allier).get(reverse("moderation:queue"))
    assert counts(page) == {"places": 1, "changes": 1, "reports": 0}
    bretagne = moderator(regions=[Region.objects.get(pk=Commune.objects.get(code=RENNES).region_id)])
    page = logged_in(bretagne).get(reverse("moderation:queue"))
    assert counts(page) == {"places": 0, "changes": 0, "reports": 1}


def test_the_change_page_shows_the_fields_side_by_side(change):
    page = logged_in(moderator()).get(reverse("moderation:change", args=[change.pk]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Téléphone" in text and "+33470000000" in text


def test_the_new_place_page_lists_tags_and_hours_in_french(submitted):
    text = logged_in(moderator()).get(reverse("moderation:place", args=[submitted.pk])).content.decode()
    assert "Aide aux démarches administratives" in text or "démarches administratives" in text.lower()
    assert "lundi : 9 h – 12 h" in text
    assert "Proposé par" in text and "Site, formulaire du lieu" in text


def test_approving_a_place_publishes_it_with_the_message_the_member_reads(submitted, structure):
    member = MembershipFactory(structure=structure).user
    response = logged_in(moderator()).post(
        reverse("moderation:place", args=[submitted.pk]),
        {"decision": "approve", "message": "Bienvenue dans l'annuaire", "seen": str(submitted.version)},
    )
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert (
        submitted.status == Place.Status.PUBLISHED
        and submitted.moderation_note == "Bienvenue dans l'annuaire"
    )
    assert submitted.history.first().history_change_reason == "Modération : lieu publié"
    home = logged_in(member).get(reverse("accounts:home")).content.decode()
    assert "Bienvenue dans l&#x27;annuaire" in home and "Publié" in home


def test_refusing_a_place_needs_a_message_and_sends_it_back(submitted, structure):
    member = MembershipFactory(structure=structure).user
    client = logged_in(moderator())
    url = reverse("moderation:place", args=[submitted.pk])
    refused = client.post(url, {"decision": "reject", "message": "", "seen": str(submitted.version)})
    assert refused.status_code == 400
    submitted.refresh_from_db()
    assert submitted.status == Place.Status.SUBMITTED
    client.post(url, {"decision": "reject", "message": "Adresse incomplète", "seen": str(submitted.version)})
    submitted.refresh_from_db()
    assert submitted.status == Place.Status.DRAFT and submitted.moderation_note == "Adresse incomplète"
    home = logged_in(member).get(reverse("accounts:home")).content.decode()
    assert "Adresse incomplète" in home and "Renvoyé pour correction" in home
    # The structure's correction submits it again.
    propose_change(
        place=submitted,
        attributes={"address": "1 place de la Mairie, bât. B"},
        tags={},
        user=member,
        via="Site",
    )
    submitted.refresh_from_db()
    assert submitted.status == Place.Status.SUBMITTED


def test_a_decision_on_a_place_changed_meanwhile_is_refused(submitted):
    response = logged_in(moderator()).post(
        reverse("moderation:place", args=[submitted.pk]),
        {"decision": "approve", "message": "", "seen": str(submitted.version - 1)},
    )
    assert response.status_code == 400
    submitted.refresh_from_db()
    assert submitted.status == Place.Status.SUBMITTED


def test_approving_and_refusing_changes_keep_the_message_for_the_member(change, structure):
    member = MembershipFactory(structure=structure).user
    client = logged_in(moderator())
    client.post(
        reverse("moderation:change", args=[change.pk]),
        {"decision": "reject", "message": "Ce numéro ne répond pas", "seen": change.updated_at.isoformat()},
    )
    change.refresh_from_db()
    assert (
        change.status == PlaceChange.Status.REJECTED and change.decision_message == "Ce numéro ne répond pas"
    )
    assert change.place.phone != "+33470000000"  # the published version did not move
    home = logged_in(member).get(reverse("accounts:home")).content.decode()
    assert "Ce numéro ne répond pas" in home and "Refusée" in home

    second = propose_change(
        place=change.place, attributes={"phone": "+33470000001"}, tags={}, user=None, via="API"
    )
    client.post(
        reverse("moderation:change", args=[second.pk]),
        {"decision": "approve", "message": "Merci", "seen": second.updated_at.isoformat()},
    )
    second.refresh_from_db()
    second.place.refresh_from_db()
    assert second.status == PlaceChange.Status.APPLIED and second.place.phone == "+33470000001"


def test_an_error_report_is_closed_with_a_note(report):
    user = moderator()
    response = logged_in(user).post(
        reverse("moderation:report", args=[report.pk]), {"decision": "done", "message": "Horaires corrigés"}
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.status, report.decision_message, report.decided_by) == ("done", "Horaires corrigés", user)


@pytest.mark.parametrize("kind", ["place", "change", "report"])
def test_who_may_open_and_decide_an_item(kind, submitted, change, report, structure):
    item = {"place": submitted, "change": change, "report": report}[kind]
    url = reverse(f"moderation:{kind}", args=[item.pk])
    commune = {"place": submitted.commune, "change": change.place.commune, "report": report.place.commune}[
        kind
    ]
    other_departement = Commune.objects.get(
        code=RENNES if commune.code == MONTLUCON else MONTLUCON
    ).departement
    data = {"decision": "done" if kind == "report" else "reject", "message": "Non", "seen": ""}
    staff_without_permission = UserFactory(is_staff=True)
    cases = {
        "anonymous": (Client(), 302),
        "member": (logged_in(MembershipFactory(structure=structure).user), 403),
        "staff without the permission": (logged_in(staff_without_permission), 403),
        "moderator of another territory": (logged_in(moderator(departements=[other_departement])), 404),
    }
    for who, (client, expected) in cases.items():
        assert client.get(url).status_code == expected, who
        assert client.post(url, data).status_code == expected, who
        assert client.get(reverse("moderation:queue")).status_code in (302, 403, 200), who
    for record in (submitted, change, report):
        record.refresh_from_db()
    assert submitted.status == Place.Status.SUBMITTED
    assert change.status == PlaceChange.Status.PENDING
    assert report.status == ErrorReport.Status.NEW
    territorial = logged_in(moderator(departements=[commune.departement]))
    assert territorial.get(url).status_code == 200


def test_the_queue_is_for_moderators_only():
    assert Client().get(reverse("moderation:queue")).status_code == 302
    assert logged_in(UserFactory()).get(reverse("moderation:queue")).status_code == 403
    assert logged_in(UserFactory(is_staff=True)).get(reverse("moderation:queue")).status_code == 403


def test_decisions_need_the_csrf_token(submitted):
    client = logged_in(moderator(), enforce_csrf_checks=True)
    response = client.post(
        reverse("moderation:place", args=[submitted.pk]),
        {"decision": "approve", "message": "", "seen": str(submitted.version)},
    )
    assert response.status_code == 403
    submitted.refresh_from_db()
    assert submitted.status == Place.Status.SUBMITTED


def test_a_trusted_structure_publishes_and_changes_without_review(client):
    structure = StructureFactory(is_trusted=True)
    token = ApiTokenFactory(structure=structure, key="incl_" + "a" * 40)
    headers = {"HTTP_AUTHORIZATION": "Bearer incl_" + "a" * 40}
    created = client.post(
        "/api/v1/places/",
        {
            "nom": "Tiers-lieu de confiance",
            "adresse": "2 rue Haute",
            "code_postal": "03100",
            "commune": "Montluçon",
            "latitude": 46.34,
            "longitude": 2.6,
        },
        content_type="application/json",
        **headers,
    )
    assert created.status_code == 201, created.content
    place = Place.objects.get(name="Tiers-lieu de confiance")
    assert place.status == Place.Status.PUBLISHED
    changed = client.patch(
        f"/api/v1/places/{place.pk}/",
        {"telephone": "+33470000002"},
        content_type="application/json",
        **headers,
    )
    assert changed.status_code == 200, changed.content
    place.refresh_from_db()
    assert place.phone == "+33470000002" and not PlaceChange.objects.exists()
    assert isinstance(token, ApiToken)


def test_an_untrusted_structure_waits_for_moderators():
    structure = StructureFactory()
    place = PlaceFactory(structure=structure)
    assert (
        propose_change(place=place, attributes={"phone": "+33470000003"}, tags={}, user=None, via="API")
        is not None
    )
    place.refresh_from_db()
    assert place.phone != "+33470000003"


def test_a_moderator_login_reaches_the_queue_from_my_space():
    home = logged_in(moderator()).get(reverse("accounts:home")).content.decode()
    assert reverse("moderation:queue") in home
