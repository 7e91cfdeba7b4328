"""Writes an evaluation run as DIR/report.json (docs/contract.md, "Reports") plus report.md and report.html.

report.json carries exactly the contract's `summary` and `items` keys; the extra top-level keys
(`by_category`, `failures`, `baseline`, `generated_at`) sit beside them so readers of the contract are unaffected.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from assistant.evaluation.charts import bar_chart, histogram
from assistant.evaluation.runner import EvalRun
from assistant.evaluation.scoring import MAX_WORDS, SUMMARY_KEYS, ItemResult, normalize, word_count

LABELS = {
    "n": "items", "answer_accuracy": "answer accuracy", "abstention_accuracy": "abstention accuracy",
    "overall_accuracy": "overall accuracy", "hit_at_1": "hit@1", "hit_at_5": "hit@5", "mrr": "MRR@10",
    "citation_precision": "citation precision", "p50_ms": "p50 latency", "p95_ms": "p95 latency",
}
CATEGORY_KEYS = ("n", "answer_accuracy", "abstention_accuracy", "overall_accuracy", "hit_at_1", "mrr")
DASH = "–"


def _rounded(summary: dict) -> dict:
    out = {}
    for key in SUMMARY_KEYS:
        value = summary[key]
        out[key] = value if value is None or key == "n" else round(value, 2 if key.endswith("_ms") else 4)
    return out


def report_dict(run: EvalRun) -> dict:
    """The report.json object: contract keys first, extras after."""
    data = {
        "summary": _rounded(run.summary),
        "items": [r.to_contract() for r in run.results],
        "by_category": {c: _rounded(s) for c, s in run.by_category.items()},
        "failures": [{key: f[key] for key in ("id", "category", "expected", "got", "why")} for f in _failures(run)],
        "generated_at": run.generated_at,
    }
    if run.baseline is not None:
        data["baseline"] = {
            "summary": _rounded(run.baseline.summary),
            "items": [r.to_contract() for r in run.baseline.results],
            "by_category": {c: _rounded(s) for c, s in run.baseline.by_category.items()},
        }
    return data


def write_report(run: EvalRun, out_dir: str | Path) -> Path:
    """Write report.json, report.md and report.html into `out_dir` (created if missing); return the json path."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    (out / "report.json").write_text(json.dumps(report_dict(run), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    (out / "report.md").write_text(render_markdown(run), encoding="utf-8")
    (out / "report.html").write_text(render_html(run), encoding="utf-8")
    return out / "report.json"


def load_latest_report(report_dir: str | Path) -> dict | None:
    """The newest report.json in `report_dir` or one level below it; None when there is none or it is unreadable."""
    latest = recent_reports(report_dir, 1)
    return latest[0][1] if latest else None


def recent_reports(report_dir: str | Path, count: int = 2) -> list[tuple[Path, dict]]:
    """The `count` newest readable report.json files in `report_dir` or one level below it, newest first, as
    (path, report object); unreadable or foreign JSON files are passed over."""
    root = Path(report_dir)
    candidates = []
    for path in [root / "report.json", *root.glob("*/report.json")]:
        try:
            candidates.append((path.stat().st_mtime_ns, path))
        except OSError:  # not there, or deleted meanwhile
            continue
    found = []
    for _, path in sorted(candidates, reverse=True):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(data, dict) and isinstance(data.get("summary"), dict) and isinstance(data.get("items"), list):
            found.append((path, data))
            if len(found) == count:
                break
    return found


def fmt(key: str, value) -> str:
    """A metric as people read it; "–" marks a metric with nothing to measure (denominator 0)."""
    if value is None:
        return DASH
    if key == "n":
        return str(value)
    if key.endswith("_ms"):
        return f"{value:.1f} ms"
    return f"{value:.3f}"


def expected_text(r: ItemResult) -> str:
    if not r.answerable:
        return "abstention (not answerable from the documents)"
    parts = []
    if r.expected:
        parts.append("any of " + ", ".join(f'"{a}"' for a in r.expected))
    if r.must_include:
        parts.append("all of " + ", ".join(f'"{m}"' for m in r.must_include))
    return "; ".join(parts) or "any answer"


def got_text(r: ItemResult) -> str:
    if r.error:
        return f"error: {r.error}"
    text = " ".join(r.answer.split())
    return f"(abstained) {text}" if r.abstained else text


def failure_reason(r: ItemResult) -> str:
    """Why a scored item is wrong, in the terms of the scoring rules."""
    if r.error:
        return "ask raised an error"
    if not r.answerable:
        return "answered a question the documents do not answer"
    if r.abstained:
        return "abstained on an answerable question"
    text = normalize(r.answer)
    reasons = []
    if r.expected and not any(normalize(a) in text for a in r.expected):
        reasons.append("no accepted answer in the text")
    missing = [m for m in r.must_include if normalize(m) not in text]
    if missing:
        reasons.append("missing " + ", ".join(f'"{m}"' for m in missing))
    if word_count(r.answer) > MAX_WORDS:
        reasons.append(f"too long ({word_count(r.answer)} words > {MAX_WORDS})")
    return "; ".join(reasons) or "wrong"


def _baseline_verdict(run: EvalRun, item_id: str) -> str | None:
    if run.baseline is None:
        return None
    match = next((b for b in run.baseline.results if b.id == item_id), None)
    return None if match is None else ("correct" if match.correct else "wrong")


def _md_cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def summary_table(run: EvalRun) -> tuple[list[str], list[list[str]]]:
    """Header and rows of the summary: one row a metric, a baseline column when there is a baseline."""
    base = run.baseline
    header = ["metric", "system"] + (["baseline"] if base else [])
    rows = [[LABELS[k], fmt(k, run.summary[k])] + ([fmt(k, base.summary[k])] if base else []) for k in SUMMARY_KEYS]
    return header, rows


def category_table(run: EvalRun) -> tuple[list[str], list[list[str]]]:
    """Header and rows of the per-category table (every category either system has), for both reports."""
    base = run.baseline
    header = ["category"] + [LABELS[k] for k in CATEGORY_KEYS] + (["baseline overall"] if base else [])
    rows = []
    for cat in sorted(set(run.by_category) | (set(base.by_category) if base else set())):
        s = run.by_category.get(cat)
        row = [cat] + [fmt(k, s[k]) if s else DASH for k in CATEGORY_KEYS]
        if base:
            b = base.by_category.get(cat)
            row.append(fmt("overall_accuracy", b["overall_accuracy"]) if b else DASH)
        rows.append(row)
    return header, rows


def _failures(run: EvalRun) -> list[dict]:
    return [
        {"id": r.id, "category": r.category, "question": r.question, "history": list(r.history),
         "expected": expected_text(r), "got": got_text(r) or "(empty)", "why": failure_reason(r),
         "gold_rank": str(r.gold_rank) if r.gold_rank is not None else DASH, "baseline": _baseline_verdict(run, r.id)}
        for r in run.failures
    ]


def _context(run: EvalRun) -> dict:
    """What both templates show: the run's figures already formatted, so the templates only lay them out."""
    summary_header, summary_rows = summary_table(run)
    category_header, category_rows = category_table(run)
    return {
        "generated_at": run.generated_at, "n": run.summary["n"], "total": len(run.results), "dash": DASH,
        "summary": {"header": summary_header, "rows": summary_rows},
        "categories": {"header": category_header, "rows": category_rows},
        "failures": _failures(run),
    }


@lru_cache(maxsize=1)
def _templates() -> Environment:
    # Escaping is on for the HTML report and off for Markdown, where HTML entities would show as text.
    env = Environment(
        loader=PackageLoader("assistant.evaluation", "templates"),
        autoescape=select_autoescape(enabled_extensions=("html",), default=False),
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True, undefined=StrictUndefined,
    )
    env.filters["cell"] = _md_cell
    return env


def render_markdown(run: EvalRun) -> str:
    """Summary table (with a baseline column when present), per-category table, then every failure."""
    return _templates().get_template("report.md").render(_context(run)).rstrip() + "\n"


def render_html(run: EvalRun) -> str:
    """One self-contained page: the markdown report's content plus inline-SVG charts; no scripts, no links out."""
    context = _context(run)
    base = run.baseline
    cats = [row[0] for row in context["categories"]["rows"]]
    series = {"system": [run.by_category.get(c, {}).get("overall_accuracy") for c in cats]}
    latencies = {"system": [r.latency_ms for r in run.results]}
    if base:
        series["baseline"] = [base.by_category.get(c, {}).get("overall_accuracy") for c in cats]
        latencies["baseline"] = [r.latency_ms for r in base.results]
    # charts.py escapes every label it puts in the SVG, so its output is marked safe here.
    context["charts"] = {
        "accuracy": Markup(bar_chart(cats, series, "Overall accuracy by category")),
        "latency": Markup(histogram(latencies, "Latency per question")),
    }
    context["failures_header"] = ["id", "category", "question", "expected", "got", "why wrong", "gold rank"] + (
        ["baseline"] if base else [])
    rows = []
    for f in context["failures"]:
        question = f["question"] + (f"  (history: {' / '.join(f['history'])})" if f["history"] else "")
        row = [f["id"], f["category"] or "", question, f["expected"], f["got"], f["why"], f["gold_rank"]]
        rows.append(row + ([f["baseline"] or DASH] if base else []))
    context["failure_rows"] = rows
    return _templates().get_template("report.html").render(context).rstrip() + "\n"
