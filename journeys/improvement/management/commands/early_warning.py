"""``journeys early-warning [--as-of YYYY-MM-DD] [--la CODE] [--json]`` and ``--backtest``."""

from journeys.common.commands import JourneysCommand
from journeys.improvement.insights import backtest_report, early_warnings, warning_as_dict

from ._common import as_of_date, authority


class Command(JourneysCommand):
    help = "The slipping-back early warning for LAs as of a date, or its backtest on past inspections."

    def add_arguments(self, parser):
        parser.add_argument("--as-of", help="as it would have read on this date (default today)")
        parser.add_argument("--la", help="one local authority (default every current LA)")
        parser.add_argument(
            "--backtest",
            action="store_true",
            help="score every past ILACS inspection and report AUC and baselines",
        )
        parser.add_argument("--json", action="store_true", help="machine-readable output")

    def handle(self, *args, as_of, la, backtest, json, **options):
        if backtest:
            report = backtest_report()
            if json:
                self.write_json(report)
                return
            self.stdout.write(f"{report['n']} inspections, {report['positives']} came out worse.")
            self.stdout.write(f"AUC {report['auc']}, precision among the top 20 {report['precision_at_20']}")
            for name, metrics in report["baselines"].items():
                self.stdout.write(f"  baseline {name}: AUC {metrics['auc']}")
            return
        on = as_of_date(as_of)
        codes = [authority(la).old_la_code] if la else None
        warnings = sorted(early_warnings(as_of=on, la_codes=codes).values(), key=lambda w: -w.score)
        if json:
            data = [warning_as_dict(w) for w in warnings]
            self.write_json(data[0] if la else data)
            return
        for w in warnings:
            self.stdout.write(f"{w.la_code}  {w.score:5.1f}  {w.band}")
            for reason in w.reasons:
                self.stdout.write(f"       - {reason}")
