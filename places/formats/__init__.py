"""Readers and writers of the formats we exchange: the national standard (v1, v0 and hybrids) in CSV and
JSON, GeoJSON, and data·inclusion structures. One module per format."""
