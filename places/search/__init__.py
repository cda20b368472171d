"""The one search of the directory: the results page, the API, the map, the territory pages and the downloads
all go through it.

- criteria.py — `Search`, the immutable value of what is asked;
- parameters.py — the one table of parameter names (and the site's aliases), `SearchForm` that reads them;
- engine.py — `find(search)`: the places, their total, the filter counts, the map's points. Start here;
- index.py — the published places held in memory, refreshed when the data changes; reading.py reads them
  from the database;
- fields.py, site.py — reading parameter values; how the results page shows a search.
"""
