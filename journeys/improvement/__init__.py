"""Improvement journeys: self-evaluation, placement, timescales, early warning and the sector."""
