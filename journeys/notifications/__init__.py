"""Notifications: people told in Journeys, and by email as each chooses, of what concerns them."""
