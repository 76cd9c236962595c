"""The app's only migration as it was when the app was labelled ``journeys``, to build an old database."""
