"""The orientation path: a helper (social worker, town-hall agent, librarian) finds a place for someone else.

Three GET steps — what the person needs, where, when they can go — then the best places nearby (through the
search layer: places.search) and a one-page "fiche d'orientation" to print and hand over. Read needs.py first:
it says how each need in plain words maps to the standard's vocabularies, and what to bring.
"""
