import logging
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "inclusion.settings")
application = get_wsgi_application()


def _build_search_index() -> None:
    """Each server process holds the published places in memory (places/search/index.py). Built here, as the
    process starts, the first visitor does not wait for it (a few seconds at 100,000 places)."""
    from django.conf import settings
    from django.db import DatabaseError, connections

    if not settings.SEARCH_INDEX_AT_START:
        return
    from places.search import index

    try:
        index.current()
    except DatabaseError:  # not migrated yet: the first search will build it
        logging.getLogger(__name__).warning("Search index not built at start: the database is not ready.")
    finally:
        connections.close_all()


_build_search_index()
