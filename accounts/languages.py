"""Emails in the language of the person who reads them (docs/translation.md, "Emails").

An email a person's own request sends (sign-up link, change of address, password) is written in the language of
that request, which is theirs. An email someone else's action or a command sends (a join request to the
administrators, its answer, freshness reminders) is written in the recipient's remembered language: the one they
signed up in, or last chose with the header's switch while logged in; French when unknown.
"""

from collections import defaultdict

from django.conf import settings
from django.utils import translation

from accounts.models import LanguagePreference


def remember(user, language: str) -> None:
    """Keep `language` as the language of `user`'s emails (a no-op for anonymous visitors)."""
    if user is not None and user.is_authenticated:
        LanguagePreference.objects.update_or_create(user=user, defaults={"language": language})


def language_of(user) -> str:
    preference = LanguagePreference.objects.filter(user=user).values_list("language", flat=True).first()
    return _known(preference)


def by_language(users) -> dict[str, list]:
    """{language: [users]} in the order given, in one query: to write one email per language."""
    users = list(users)
    preferences = dict(LanguagePreference.objects.filter(user__in=users).values_list("user_id", "language"))
    grouped: dict[str, list] = defaultdict(list)
    for user in users:
        grouped[_known(preferences.get(user.pk))].append(user)
    return dict(grouped)


def by_address(addresses) -> dict[str, str]:
    """{address: language} for the accounts with these addresses (French for the others)."""
    preferences = dict(
        LanguagePreference.objects.filter(user__email__in=list(addresses)).values_list(
            "user__email", "language"
        )
    )
    return {address: _known(preferences.get(address)) for address in addresses}


def override(user):
    """`with override(user):` the emails written inside are in the user's language."""
    return translation.override(language_of(user))


def _known(language: str | None) -> str:
    # A language the site no longer offers falls back to French rather than to a half-translated text.
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
