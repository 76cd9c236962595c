"""Hardening checks for Journeys: access, fuzzing, bad files, crashes, concurrency, load, accessibility.

No models. The checks enumerate routes, importers and pages themselves, so a capability that
lands later is checked without anyone remembering to add it here.
"""
