"""Fast inserts of many rows into simple tables (tags, weekly openings), without model instances.

Importing 100,000 places writes about 1.8 million tag and opening rows; building a Django model instance
for each costs more than the database work itself. Only for tables with no save() logic, no signals and
an auto primary key: rows are inserted exactly as given.
"""

from collections.abc import Iterable, Iterator
from itertools import islice

from django.db import connection, models


def _batched(rows: Iterable[tuple], size: int) -> Iterator[list[tuple]]:
    # itertools.batched arrives with Python 3.12.
    iterator = iter(rows)
    while batch := list(islice(iterator, size)):
        yield batch


def insert_rows(
    model: type[models.Model], fields: list[str], rows: Iterable[tuple], batch_size: int = 5000
) -> int:
    quote = connection.ops.quote_name
    columns = ", ".join(quote(model._meta.get_field(name).column) for name in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({placeholders})"
    count = 0
    with connection.cursor() as cursor:
        for batch in _batched(rows, batch_size):
            cursor.executemany(sql, batch)
            count += len(batch)
    return count
