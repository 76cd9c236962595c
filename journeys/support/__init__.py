"""External improvement support: the catalogue of forms and recommendations for an LA."""
