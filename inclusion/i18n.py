"""Which language a page is in, and the header's switch (docs/translation.md).

One URL per page for every language: a link shared by someone reading in English opens in the reader's own
language. The language comes, in order, from `?lang=<code>` (a sharer who wants to impose one adds it), the
cookie the header's switch sets, then the browser's Accept-Language, else French. Nothing here sets a cookie
but the switch itself: embedded pages (issue 14) and plain visits stay cookie-free.
"""

from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.http import HttpResponseRedirect
from django.http.request import QueryDict
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache

QUERY_PARAMETER = "lang"


def supported(code: str | None) -> str | None:
    """The site's language for a code a URL or a link gives ("en", "EN", "en-GB"), or None."""
    if not code or len(code) > 16:
        return None
    try:
        return translation.get_supported_language_variant(code.strip().lower())
    except LookupError:
        return None


class LanguageMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware (cookie, then Accept-Language), with `?lang=` read first."""

    def process_request(self, request):
        forced = supported(request.GET.get(QUERY_PARAMETER))
        if forced is None:
            return super().process_request(request)
        translation.activate(forced)
        request.LANGUAGE_CODE = forced
        request.language_forced = True

    def process_response(self, request, response):
        response = super().process_response(request, response)
        if not getattr(request, "language_forced", False):
            # The switch's cookie chooses the language too: a shared cache must tell the two apart.
            patch_vary_headers(response, ("Cookie",))
        return response


def without_language(url: str) -> str:
    """The URL without its `lang` parameter: after the switch, the cookie decides."""
    parts = urlsplit(url)
    query = QueryDict(parts.query, mutable=True)
    query.pop(QUERY_PARAMETER, None)
    return urlunsplit(parts._replace(query=query.urlencode()))


@never_cache
def switch_language(request, code: str):
    """GET /langue/<code>/?next=<path>: remember the language in a cookie and go back to the page.

    A link, not Django's set_language (a POST form with a CSRF token on every page would set a CSRF cookie
    on every visit): it works without JavaScript, and choosing a language is harmless enough for a GET."""
    language = supported(code)
    next_url = request.GET.get("next") or "/"
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = "/"
    response = HttpResponseRedirect(without_language(next_url))
    if language is None:
        return response
    from accounts import languages  # the project's package knows the apps only here

    languages.remember(request.user, language)  # the emails they receive follow the pages they read
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response
