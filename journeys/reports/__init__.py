"""Briefings for elected members and senior leaders, rendered as tagged PDF and as DOCX."""
