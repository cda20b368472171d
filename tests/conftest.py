import pytest


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings):
    # A fast hasher: the suite creates users; an in-memory cache: no test sees another's cached pages.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


def pytest_collection_modifyitems(items):
    # Every test may use the database (as in dora): no marker boilerplate in each file.
    for item in items:
        item.add_marker(pytest.mark.django_db)
