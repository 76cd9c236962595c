"""Peer matching with the register's data: who should this LA talk to, and why.

The pure matcher (:mod:`journeys.priorities.similarity`) gets the asking LA's priorities, the
priorities of others that the asker may see (:func:`selectors.priority_pool`), statistical
neighbours, regions and — for improvement partners — evidence that a peer moved forward:

* a better later inspection judgement (overall, or the grade its sub-judgements imply) or a
  better later sub-judgement, from the merged inspection history;
* an "improving" trend on the published indicators that bear on the challenge's theme.

When no published evidence is loaded, nobody is called an improvement partner and the result
says "no published evidence loaded" rather than guessing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from journeys.authorities.models import LocalAuthority
from journeys.evidence import selectors as evidence
from journeys.evidence.models import Benchmark
from journeys.evidence.records import GRADE_LABELS, SUB_JUDGEMENTS, Inspection
from journeys.improvement.placement import equivalent_grade, judged_history

from .models import Priority
from .selectors import priority_pool, priority_stored_vectors
from .similarity import PeerMatch, PriorityText, match_peers, stored_vectoriser

# Published indicators that show progress on each theme's kind of challenge (catalogue ids).
# Themes 4 and 5 (scrutiny, efficiency, innovation) have no indicator that measures them directly.
THEME_INDICATORS: dict[int, tuple[str, ...]] = {
    1: ("agency_rate", "turnover_rate", "vacancy_rate", "caseload"),
    2: ("repeat_cp_plan_rate", "rereferral_rate"),
    3: ("rereferral_rate", "placement_instability", "repeat_cp_plan_rate"),
    4: (),
    5: (),
}
NO_EVIDENCE = "no published evidence loaded"


@dataclass(frozen=True)
class Peer:
    authority: LocalAuthority
    match: PeerMatch


@dataclass(frozen=True)
class PeersResult:
    authority: LocalAuthority
    priority: Priority | None
    own: tuple[Priority, ...]
    peers: tuple[Peer, ...]
    evidence_loaded: bool
    notes: tuple[str, ...] = field(default=())


def _text(priority: Priority) -> PriorityText:
    return PriorityText(str(priority.pk), priority.la.old_la_code, priority.statement, priority.theme)


def _judgement_progress(inspections: Iterable[Inspection]) -> list[str]:
    history = judged_history(inspections)
    if len(history) < 2:
        return []
    latest = history[-1]
    reasons = []
    latest_grade = equivalent_grade(latest)
    earlier = [(equivalent_grade(i), i) for i in history[:-1]]
    worse = [
        (grade, i)
        for grade, i in earlier
        if grade is not None and latest_grade is not None and grade < latest_grade
    ]
    if worse:
        grade, before = min(worse, key=lambda pair: (pair[0], pair[1].date))
        reasons.append(
            f"judged {GRADE_LABELS[latest_grade]} in {latest.date:%B %Y}, after {GRADE_LABELS[grade]} "
            f"in {before.date:%B %Y}."
        )
    previous = history[-2]
    for key, title in SUB_JUDGEMENTS.items():
        now, then = latest.sub_judgements.get(key), previous.sub_judgements.get(key)
        if now is not None and then is not None and now > then:
            reasons.append(
                f"“{title}” improved from {GRADE_LABELS[then]} ({previous.date:%Y}) to "
                f"{GRADE_LABELS[now]} ({latest.date:%Y})."
            )
    return reasons


def _indicator_progress(facts: dict[str, dict], themes: set[int]) -> list[str]:
    reasons = []
    for theme in sorted(themes):
        for indicator in THEME_INDICATORS.get(theme, ()):
            fact = facts.get(indicator)
            if fact and fact.get("trend_direction") == "improving":
                reasons.append(f"{fact['title']} has been improving (to {fact['year']}).")
    return reasons


def progress_reasons(la_codes: Iterable[str], themes: set[int]) -> tuple[dict[str, list[str]], bool]:
    """Per LA, why it moved forward on these themes; and whether any evidence is loaded at all."""
    codes = sorted(set(la_codes))
    inspections = evidence.inspection_records(la_codes=codes)
    by_la: dict[str, list[Inspection]] = {}
    for inspection in inspections:
        by_la.setdefault(inspection.la_code, []).append(inspection)
    loaded = bool(inspections) or _benchmarks_exist()
    if not loaded:
        return {}, False
    progress = {}
    for code in codes:
        reasons = _judgement_progress(by_la.get(code, []))
        reasons += _indicator_progress(evidence.latest_benchmark_facts(la_code=code), themes)
        if reasons:
            progress[code] = reasons
    return progress, True


def _benchmarks_exist() -> bool:
    return Benchmark.objects.exists()


def _neighbours(la_code: str) -> list[str]:
    return evidence.neighbour_map().get(la_code, [])


def peers_find(
    *, authority: LocalAuthority, user=None, priority: Priority | None = None, limit: int = 10
) -> PeersResult:
    """Peers of an LA (or of one of its priorities), from the priorities ``user`` may see.

    ``user=None`` is the command line's view: sector-shared priorities plus the LA's own.
    """
    pool = list(priority_pool(user=user, la=authority))
    own = [priority] if priority is not None else [p for p in pool if p.la_id == authority.pk]
    others = [p for p in pool if p.la_id != authority.pk]
    notes = []
    if not own:
        notes.append(f"{authority.name} has no priorities on the register yet, so there is nothing to match.")
    if not others:
        notes.append("No other local authority has shared priorities that you can see.")
    themes = {p.theme for p in own}
    progress, evidence_loaded = progress_reasons({p.la.old_la_code for p in others}, themes)
    if not evidence_loaded:
        notes.append(
            f"Improvement partners need inspection or indicator evidence: {NO_EVIDENCE}, so no LA is "
            "named as one."
        )
    regions = {p.la.old_la_code: p.la.region for p in [*own, *others]}
    regions[authority.old_la_code] = authority.region
    matches = match_peers(
        authority.old_la_code,
        [_text(p) for p in own],
        [_text(p) for p in others],
        _neighbours(authority.old_la_code),
        regions,
        progress,
        vectorise=stored_vectoriser(priority_stored_vectors(priorities=[*own, *others])),
        limit=limit,
    )
    authorities = {
        a.old_la_code: a for a in LocalAuthority.objects.filter(old_la_code__in=[m.la_code for m in matches])
    }
    peers = tuple(Peer(authorities[m.la_code], m) for m in matches)
    return PeersResult(authority, priority, tuple(own), peers, evidence_loaded, tuple(notes))


def peers_as_dict(result: PeersResult) -> dict:
    return {
        "la": {
            "old_la_code": result.authority.old_la_code,
            "name": result.authority.name,
            "region": result.authority.region,
        },
        "priority_id": result.priority.pk if result.priority else None,
        "own_priorities": [{"id": p.pk, "title": p.title, "theme": p.theme} for p in result.own],
        "evidence": "loaded" if result.evidence_loaded else NO_EVIDENCE,
        "notes": list(result.notes),
        "matches": [
            {
                "la_code": peer.match.la_code,
                "name": peer.authority.name,
                "region": peer.authority.region,
                "score": round(peer.match.score, 3),
                "kinds": list(peer.match.kinds),
                "improvement_partner": peer.match.is_improvement_partner,
                "best_similarity": round(peer.match.best_similarity, 3),
                "shared_themes": list(peer.match.shared_themes),
                "reasons": list(peer.match.reasons),
                "pairs": [
                    {
                        "own_priority_id": int(pair.own_id),
                        "their_priority_id": int(pair.their_id),
                        "their_text": pair.their_text,
                        "similarity": round(pair.similarity, 3),
                    }
                    for pair in peer.match.pairs
                ],
            }
            for peer in result.peers
        ],
    }
