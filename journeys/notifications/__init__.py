"""Messages Journeys sends people: talk requests, network and workshop invitations, answers."""
