"""gzip for HTML pages (docs/performance.md, "Light on slow links").

The results page is 32 KB of HTML, 6 KB gzipped; nginx in front (docs/deploy.md) does not compress proxied
answers unless told to, and static files already come compressed from whitenoise. Only HTML: the API's answers
carry strong ETags that partners send back in If-Match (places/concurrency.py) and Django's GZipMiddleware would
weaken them; downloads stream as they are. BREACH: Django masks the CSRF token on every page and its
GZipMiddleware adds random bytes to each compressed answer ("Heal the Breach", Django 4.2).
"""

from django.middleware.gzip import GZipMiddleware


class HtmlGZipMiddleware(GZipMiddleware):
    def process_response(self, request, response):
        if not response.get("Content-Type", "").startswith("text/html"):
            return response
        return super().process_response(request, response)
