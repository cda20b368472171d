"""Steps the browser tests share."""

import re

from tests.accounts.factories import PASSWORD


def log_in(page, username: str, password: str = PASSWORD) -> None:
    """Log in through the login page and wait for "Mon espace"."""
    page.goto("/compte/connexion/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.get_by_role("button", name=re.compile("connecter", re.IGNORECASE)).click()
    page.get_by_role("heading", level=1, name="Mon espace").wait_for()
