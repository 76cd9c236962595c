"""``journeys setup``: create or migrate the database and load the register and the framework.

Safe to run again: a second run changes nothing.
"""

from contextlib import nullcontext
from functools import partial

from django.conf import settings
from django.core.management import call_command

from journeys.authorities.services import authority_register_load
from journeys.common.commands import JourneysCommand
from journeys.common.progress import step
from journeys.evidence.derivations import derivations_run
from journeys.evidence.selectors import import_list
from journeys.frameworks.services import framework_publish_all
from journeys.priorities.services import priority_vectors_fill, theme_classifier_train


class Command(JourneysCommand):
    help = "Migrate the database and load the LA register and the improvement framework (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, json=False, **options):
        out = nullcontext if json else partial(step, self.stdout)
        with out("Setting up the database"):
            call_command("migrate", interactive=False, verbosity=0)
            register_changes = authority_register_load()
            published = framework_publish_all()
        with out("Bringing priorities' sentence vectors up to date"):
            # Sentence vectors that a new model or an edit outside Journeys left out of date.
            vectors = priority_vectors_fill()
        with out("Training the theme classifier, if its examples or model changed"):
            # Trained here, where no request waits for it, whenever the examples or the encoder change.
            classifier_trained = theme_classifier_train()
        derived = {}
        if settings.DERIVE_AFTER_IMPORT and import_list().exists():
            with out("Deriving placements, warnings and charts, if the evidence or the code changed"):
                # A new release of Journeys may derive differently: derived here, not on a request.
                derived = derivations_run()
        summary = {
            "register_changes": register_changes,
            "priority_vectors_computed": vectors,
            "theme_classifier_trained": classifier_trained,
            "derived_results": sum(derived.values()),
            "frameworks": [
                {"id": p.framework_id, "version": p.version, "newly_published": p.created} for p in published
            ],
        }
        if json:
            self.write_json(summary)
            return
        self.stdout.write(f"Database ready. Register: {register_changes} change(s).")
        for p in published:
            state = "published" if p.created else "already published"
            self.stdout.write(f"Framework {p.framework_id} version {p.version}: {state}.")
        if vectors:
            self.stdout.write(f"Sentence vectors computed for {vectors} priorities.")
        if classifier_trained:
            self.stdout.write("Theme classifier trained and stored.")
