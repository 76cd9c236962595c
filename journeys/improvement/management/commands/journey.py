"""``journeys journey CODE [--as-of YYYY-MM-DD] [--json]``: where an LA is on the improvement journey."""

from pydantic import TypeAdapter

from journeys.authorities.commands import authority_argument
from journeys.common.commands import JourneysCommand, as_of_date
from journeys.evidence import presentation
from journeys.improvement import presenters
from journeys.improvement.insights import la_journey
from journeys.improvement.journey import Journey


class Command(JourneysCommand):
    help = (
        "Place a local authority on the improvement journey, with reasons, where it stands within "
        "its stage, its next step and its timeline, from inspections, indicators and its self-evaluation."
    )

    def add_arguments(self, parser):
        parser.add_argument("code", help="3-digit DfE code, ONS code or name")
        parser.add_argument("--as-of", help="place it as of this date (default today)")
        parser.add_argument("--json", action="store_true", help="machine-readable output")

    def handle(self, *args, code, as_of, json, **options):
        # The operator's view: the latest submitted self-evaluation is included.
        journey = la_journey(authority_argument(code), operator=True, as_of=as_of_date(as_of))
        if json:
            # The API's own shape, from the same read model.
            self.write_json(TypeAdapter(Journey).dump_python(journey, mode="json"))
            return
        write = self.stdout.write
        write(f"{journey.la_name} ({journey.la}), as of {presentation.date_name(journey.as_of)}")
        write(f"  Stage: {journey.stage.name} (confidence {journey.confidence})")
        write(f"  {presenters.position_sentence(journey)}")
        write(f"  {presenters.placed_from_sentence(journey)}")
        for reason in journey.reasons:
            write(f"  - {reason}")
        if journey.self_view_gap:
            write(f"  Self-view: {journey.self_view_gap}")
        write("  Markers of the stage:")
        for marker in journey.position.markers:
            found = f" ({marker.found})" if marker.found else ""
            write(f"  - {presentation.marker_status_name(marker.status)}: {marker.text}{found}")
        if journey.slipping_back:
            write(f"  Risk of slipping back: {presenters.risk_sentence(journey.slipping_back)}")
        else:  # at Good or better the risk sentence above already states the warning
            write(f"  Improvement window: {presenters.window_sentence(journey.improvement_window)}")
            write(f"  Slipping-back warning: {journey.early_warning.headline}")
        if journey.timeline:
            write("  Timeline:")
        for row in presenters.timeline_table(journey).rows:
            movement = row["movement"].lower()
            write(f"  - {row['inspection']}, {row['la']}: {row['judgement']}; {row['stage']} ({movement})")
        table, _ = presenters.benchmark_table(journey.la)
        if table.rows:
            write("  Key indicators:")
        for row in table.rows:
            write(
                f"  - {row['indicator']}, {row['year']}: {row['value']}; "
                f"quarter among LAs: {row['quartile']}; {row['trend'].lower()}; neighbours: {row['model']}"
            )
