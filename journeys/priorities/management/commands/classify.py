"""``journeys classify``: put improvement-priority statements under the five workshop themes.

journeys classify "Recruit permanent social workers" "Strengthen scrutiny" --json
printf 'one statement\\nanother\\n' | journeys classify - --json
journeys classify --evaluate --json
"""

import sys

from journeys.common.commands import JourneysCommand, bad_input
from journeys.priorities.classifier import METHODS, classify, default_method, evaluate
from journeys.priorities.services import theme_classifier_load


class Command(JourneysCommand):
    help = "Classify statements into the five themes (use - to read one statement per line from stdin)."

    def add_arguments(self, parser):
        parser.add_argument("texts", nargs="*", metavar="TEXT", help="statements, or - for stdin")
        parser.add_argument("--evaluate", action="store_true", help="report held-out accuracy instead")
        parser.add_argument(
            "--method", choices=METHODS, help="default: embeddings when the model is installed"
        )
        parser.add_argument("--json", action="store_true", help="machine-readable output")

    def handle(self, *args, texts, evaluate: bool = False, method=None, json: bool = False, **options):
        if evaluate:
            if texts:
                raise bad_input("--evaluate takes no statements")
            self.report(json)
            return
        if texts == ["-"]:
            texts = [line.strip() for line in sys.stdin.read().splitlines() if line.strip()]
        elif "-" in texts:
            raise bad_input("use - on its own to read statements from stdin")
        if not texts or any(not text.strip() for text in texts):
            raise bad_input("give at least one non-empty statement, or - to read them from stdin")
        # The default method is the classifier Journeys themes priorities with: the stored one.
        model = theme_classifier_load() if method in (None, default_method()) else None
        results = classify([text.strip() for text in texts], method=method, model=model)
        if json:
            self.write_json(
                [
                    {
                        "text": r.text,
                        "theme": r.theme,
                        "theme_title": r.theme_title,
                        "confidence": round(r.confidence, 4),
                        "method": r.method,
                    }
                    for r in results
                ]
            )
            return
        for r in results:
            self.stdout.write(f"{r.theme}  {r.confidence:.2f}  {r.text}\n   → {r.theme_title}")

    def report(self, as_json: bool):
        result = evaluate()
        chosen = "embedding" if result["methods"]["embedding"]["available"] else "tfidf"
        result["method"] = chosen
        result["accuracy"] = result["methods"][chosen]["accuracy"]
        if as_json:
            self.write_json(result)
            return
        self.stdout.write(
            f"Held-out accuracy ({result['n_test']} of {result['n_examples']} examples held out, "
            f"seed {result['split']['seed']}):"
        )
        for name, figures in result["methods"].items():
            if figures["available"]:
                default = " (used by default)" if name == chosen else ""
                self.stdout.write(
                    f"  {name}: {figures['accuracy']:.1%} ({figures['correct']}/{figures['n']}){default}"
                )
            else:
                self.stdout.write(f"  {name}: not available (model not installed)")
