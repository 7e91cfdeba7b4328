"""What changed between two evaluation reports (report.json objects): the figures, and the questions that got
right or wrong since the previous run."""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.evaluation.scoring import SUMMARY_KEYS

LOWER_IS_BETTER = ("p50_ms", "p95_ms")
# Latency moves from run to run on its own: a change smaller than this share of the previous value is not called
# better or worse. Accuracy figures come from deterministic answers, so any change of them is one.
LATENCY_NOISE = 0.25


@dataclass
class Comparison:
    """`metrics`: (key, previous value, current value) for every summary metric but the item count; `better`
    and `worse`: current items (report.json `items[]`) that were wrong and are now right, and the reverse.
    Items are matched by id and question; `common` counts the matches."""

    previous_at: str
    metrics: list[tuple[str, float | None, float | None]] = field(default_factory=list)
    better: list[dict] = field(default_factory=list)
    worse: list[dict] = field(default_factory=list)
    common: int = 0
    only_now: int = 0
    only_before: int = 0


def compare_reports(previous: dict, current: dict) -> Comparison:
    """How `current` differs from `previous` (both report.json objects)."""
    before = {i.get("id"): i for i in previous.get("items", [])}
    comparison = Comparison(previous_at=str(previous.get("generated_at") or "?"))
    matched = set()
    for item in current.get("items", []):
        old = before.get(item.get("id"))
        if old is None or old.get("question") != item.get("question"):
            comparison.only_now += 1
            continue
        matched.add(item.get("id"))
        comparison.common += 1
        if item.get("correct") and not old.get("correct"):
            comparison.better.append(item)
        elif old.get("correct") and not item.get("correct"):
            comparison.worse.append(item)
    comparison.only_before = len(set(before) - matched)
    old_summary, new_summary = previous.get("summary") or {}, current.get("summary") or {}
    comparison.metrics = [(k, old_summary.get(k), new_summary.get(k)) for k in SUMMARY_KEYS if k != "n"]
    return comparison


def change_direction(key: str, before: float | None, now: float | None) -> int:
    """+1 when the metric got better, -1 when worse, 0 when equal, within latency's noise, or not comparable."""
    if before is None or now is None or before == now:
        return 0
    if key in LOWER_IS_BETTER and abs(now - before) <= LATENCY_NOISE * abs(before):
        return 0
    up = now > before
    return (-1 if up else 1) if key in LOWER_IS_BETTER else (1 if up else -1)
