"""Fast inserts of many rows into simple tables (tags, weekly openings), without model instances.

Importing or generating 100,000 places writes about 1.8 million tag and opening rows; building a Django model
instance for each costs more than the database work itself. Only for tables with no save() logic, no signals
and an auto primary key: rows are inserted exactly as given (the importer and the demo generator).
"""

import itertools
from collections.abc import Iterable, Iterator
from itertools import islice

from django.db import connection, models


def _batched(rows: Iterable[tuple], size: int) -> Iterator[list[tuple]]:
    # itertools.batched arrives with Python 3.12.
    iterator = iter(rows)
    while batch := list(islice(iterator, size)):
        yield batch


def insert_rows(
    model: type[models.Model], fields: list[str], rows: Iterable[tuple], batch_size: int = 1000
) -> int:
    """Insert rows as multi-row INSERTs (`VALUES (…), (…), …`), `batch_size` rows a statement: executemany
    would cost one statement per row on PostgreSQL. Returns how many rows were written."""
    quote = connection.ops.quote_name
    columns = ", ".join(quote(model._meta.get_field(name).column) for name in fields)
    insert = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES "
    placeholders = "(" + ", ".join(["%s"] * len(fields)) + ")"
    count = 0
    with connection.cursor() as cursor:
        for batch in _batched(rows, batch_size):
            cursor.execute(insert + ", ".join([placeholders] * len(batch)), list(itertools.chain(*batch)))
            count += len(batch)
    return count
