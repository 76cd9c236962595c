"""Loading the URLconf must not load the heavy libraries that only some requests need.

Every command (through the system checks) and the first request to each web worker import the
whole URLconf. scikit-learn, scipy, statsmodels, networkx, WeasyPrint, python-docx, pandas and
openpyxl together take seconds to load, so the modules that use them import them where they are used.
"""

import json
import os
import subprocess
import sys

HEAVY = ("sklearn", "scipy", "statsmodels", "networkx", "weasyprint", "docx", "pandas", "openpyxl")

SCRIPT = f"""
import json, sys
import django
django.setup()
import journeys.urls
from django.urls import get_resolver
get_resolver().url_patterns
print(json.dumps(sorted(name for name in {HEAVY!r} if name in sys.modules)))
"""


def test_loading_the_urlconf_loads_no_heavy_library():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "journeys.settings.test"}
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout.strip().splitlines()[-1])
    assert loaded == [], f"importing journeys.urls loaded {', '.join(loaded)}"
