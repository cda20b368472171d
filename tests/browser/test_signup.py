"""A person opens an account in the browser: sign-up, the link from the email, login, "Mon espace", "Mes
informations"; and "Mot de passe oublié ?". axe-core finds no violation on any of these pages."""

import re
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core import mail
from playwright.sync_api import expect

from tests.browser.test_accessibility import describe

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "une phrase de passe assez longue"


def link_in(message, path_start: str) -> str:
    paths = [urlsplit(url).path for url in re.findall(r"https?://\S+", message.body)]
    return next(path for path in paths if path.startswith(path_start))


def test_a_person_signs_up_confirms_their_address_and_reaches_their_space(page, screenshot):
    axe = Axe()
    violations = {}

    def scan(label):
        page.wait_for_load_state("networkidle")
        screenshot(page, label)
        if found := axe.run(page).response["violations"]:
            violations[label] = describe(found)

    page.goto("/")
    page.get_by_role("link", name="Créer un compte").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Créer un compte")
    scan("signup")

    page.get_by_label("Adresse électronique").fill("camille.martin@mairie-exemple.fr")
    page.get_by_label("Mot de passe", exact=False).first.fill("court")
    page.get_by_label("Confirmation du mot de passe").fill("court")
    page.get_by_role("button", name="Créer mon compte").click()
    password = page.get_by_role("textbox", name=re.compile("^Mot de passe"))
    expect(password).to_have_attribute("aria-invalid", "true")
    expect(password).to_have_accessible_description(re.compile("Ce mot de passe est trop court"))
    scan("signup-with-errors")

    password.fill(PASSWORD)
    page.get_by_label("Confirmation du mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Créer mon compte").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vérifiez vos courriels")
    scan("signup-sent")

    [message] = mail.outbox
    assert message.to == ["camille.martin@mairie-exemple.fr"]
    page.goto(link_in(message, "/compte/inscription/confirmer/"))
    scan("signup-confirm")
    page.get_by_role("button", name="Confirmer mon adresse").click()
    expect(page.get_by_role("status")).to_contain_text("Votre adresse est confirmée")
    scan("login-after-confirmation")

    page.get_by_label("Adresse électronique").fill("Camille.Martin@mairie-exemple.fr")
    page.get_by_label("Mot de passe", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mon espace")

    page.get_by_role("link", name="Mes informations").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mes informations")
    scan("account")
    page.get_by_role("link", name="Changer d'adresse électronique").click()
    scan("email-change")
    page.goto("/compte/informations/")
    page.get_by_role("link", name="Changer de mot de passe").click()
    scan("password-change")

    assert not violations, "axe-core violations:\n" + "\n".join(f"{k}\n{v}" for k, v in violations.items())


def test_a_member_who_forgot_their_password_chooses_a_new_one(page, screenshot):
    from tests.accounts.factories import UserFactory

    UserFactory(username="claire@example.invalid", email="claire@example.invalid")
    axe = Axe()
    violations = {}

    def scan(label):
        page.wait_for_load_state("networkidle")
        screenshot(page, label)
        if found := axe.run(page).response["violations"]:
            violations[label] = describe(found)

    page.goto("/compte/connexion/")
    page.get_by_role("link", name="Mot de passe oublié ?").click()
    scan("password-reset")
    page.get_by_label("Adresse électronique").fill("claire@example.invalid")
    page.get_by_role("button", name="Recevoir le lien").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vérifiez vos courriels")
    scan("password-reset-done")

    page.goto(link_in(mail.outbox[0], "/compte/mot-de-passe-oublie/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Choisir un nouveau mot de passe")
    scan("password-reset-confirm")
    page.get_by_label("Nouveau mot de passe", exact=False).first.fill(PASSWORD)
    page.get_by_label("Confirmation", exact=False).fill(PASSWORD)
    page.get_by_role("button", name="Enregistrer le mot de passe").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mot de passe enregistré")
    scan("password-reset-complete")

    page.goto("/compte/inscription/nouveau-lien/")
    scan("signup-resend")
    page.goto("/compte/inscription/confirmer/pas-un-lien/")
    scan("link-invalid")

    assert not violations, "axe-core violations:\n" + "\n".join(f"{k}\n{v}" for k, v in violations.items())
