"""``journeys early-warning [--as-of YYYY-MM-DD] [--la CODE] [--json]`` and ``--backtest``."""

from journeys.authorities.commands import authority_argument
from journeys.common.commands import JourneysCommand, as_of_date
from journeys.improvement.insights import backtest_report, early_warnings, warning_as_dict


def _auc(metrics: dict) -> str:
    if metrics["auc"] is None:
        return "not tested"
    low, high = metrics["auc_ci95"]
    return f"AUC {metrics['auc']:.3f} (95% interval {low:.2f} to {high:.2f})"


class Command(JourneysCommand):
    help = "The slipping-back warning for LAs as of a date, or its backtest on past inspections."

    def add_arguments(self, parser):
        parser.add_argument("--as-of", help="as it would have read on this date (default today)")
        parser.add_argument("--la", help="one local authority (default every current LA)")
        parser.add_argument(
            "--backtest",
            action="store_true",
            help="rank every past ILACS inspection out of sample and report AUC and baselines",
        )
        parser.add_argument("--json", action="store_true", help="machine-readable output")

    def handle(self, *args, as_of, la, backtest, json, **options):
        if backtest:
            report = backtest_report()
            if json:
                self.write_json(report)
                return
            for target in report["targets"].values():
                self.stdout.write(
                    f"{target['title']}: {target['n']} inspections, {target['positives']} positive "
                    f"(base rate {target['base_rate']}); {_auc(target)}, precision among the top 20 "
                    f"{target['precision_at_20']}"
                )
                for name, metrics in target["baselines"].items():
                    self.stdout.write(f"  {name}: {_auc(metrics)}")
            return
        on = as_of_date(as_of)
        codes = [authority_argument(la).old_la_code] if la else None
        warnings = sorted(
            early_warnings(as_of=on, la_codes=codes).values(),
            key=lambda w: (w.share is None, -(w.share or 0.0), w.la_code),
        )
        if json:
            data = [warning_as_dict(w) for w in warnings]
            self.write_json(data[0] if la else data)
            return
        for w in warnings:
            self.stdout.write(w.la_code)
            for statement in w.statements:
                self.stdout.write(f"  {statement.text}")
            for reason in w.context:
                self.stdout.write(f"       - {reason}")
