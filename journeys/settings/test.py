"""Settings for the test suite: the base settings with debug on and a fast password hasher."""

import os

os.environ.setdefault("JOURNEYS_DEBUG", "1")

from .base import *  # noqa: E402,F403

# Argon2 is deliberately slow; tests that sign in hundreds of times use a fast hasher.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
AXES_ENABLED = True
# Derived on first request instead; the tests of deriving after an import turn it on.
DERIVE_AFTER_IMPORT = False
