"""Reading the emails the accounts pages send (django.core.mail.outbox in tests)."""

import re
from urllib.parse import urlsplit

from django.core import mail


def sent_to(address: str) -> list:
    return [message for message in mail.outbox if message.to == [address]]


def link_in(message, path_start: str) -> str:
    """The path of the first link in `message` that starts with `path_start` (the test client's host is
    testserver: the link is absolute, built from the request)."""
    for url in re.findall(r"https?://\S+", message.body):
        parts = urlsplit(url)
        if parts.path.startswith(path_start):
            assert parts.netloc == "testserver", url
            return parts.path
    raise AssertionError(f"No link to {path_start} in:\n{message.body}")
