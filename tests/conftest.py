import pytest
from pytest_django.plugin import blocking_manager_key


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    # The real gazetteer (~37,000 communes, a few seconds), once per test database: every test can rely on
    # real communes, and tests roll back around it. With --reuse-db the second load only compares rows.
    from places.gazetteer_loader import load_gazetteer  # models can be imported once Django is set up

    with django_db_blocker.unblock():
        load_gazetteer()


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings):
    # A fast hasher: the suite creates users; an in-memory cache: no test sees another's cached pages.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    # The search index's age limit is a clock: a test crossing its boundary would see a refresh it did not ask
    # for (and count its queries). Tests of the limit set it and the clock themselves.
    settings.SEARCH_INDEX_MAX_AGE = 10**9
    # Tests that compare many downloads are not about their limit (tests/places/test_rate_limits.py is).
    settings.DOWNLOAD_RATE = "100000/hour"
    # LocMemCache keeps its data per process, across instances: empty it for each test.
    from django.core.cache import cache

    cache.clear()
    # The search index lives in the process too: each test starts from its own database.
    from places.search import index

    index.forget()


def pytest_collection_modifyitems(items):
    # Every test may use the database (as in dora): no marker boilerplate in each file.
    for item in items:
        item.add_marker(pytest.mark.django_db)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    result = yield
    # A transactional test empties every table when it ends: put the gazetteer back for the tests after it
    # (none after the last one: the test database is gone by then).
    if nextitem is not None and _is_transactional(item):
        from places.gazetteer_loader import load_gazetteer

        with item.config.stash[blocking_manager_key].unblock():
            load_gazetteer()
    return result


def _is_transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    flagged = marker is not None and (marker.kwargs.get("transaction") or (marker.args and marker.args[0]))
    transactional_fixtures = {"transactional_db", "live_server", "django_db_reset_sequences"}
    return bool(flagged) or bool(transactional_fixtures & set(getattr(item, "fixturenames", ())))
