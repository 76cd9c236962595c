"""Improvement priorities: encoding, the five workshop themes, classification and peer matching.

Pure Python (no Django): the Django layer stores priorities and calls these functions.
"""
