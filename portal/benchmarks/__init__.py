"""Benchmarks that print figures (never pass/fail): ``make bench`` runs them all.

- ``flask --app wsgi portal bench [--cases N] [--database-url URL]``: the admin lists at scale
- ``python -m portal.benchmarks.cases``: the case screens and lifecycle pages
- ``python -m portal.benchmarks.training``: training and facilities reports
- ``python -m portal.benchmarks.public``: public pages and the content API

Each builds a throw-away database (a temporary SQLite file, or the PostgreSQL URL given, whose
schema is dropped first).
"""
