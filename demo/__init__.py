"""The demo franchise generator.

``python -m demo build`` fills a database with a franchise of any size;
``python -m demo serve`` (what ``make demo`` runs) prepares the SQLite demo
database once and serves the sao web client on it.
"""
