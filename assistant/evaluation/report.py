"""Writes an evaluation run as DIR/report.json (the DESIGN.md contract) plus report.md and report.html for people.

report.json carries exactly the contract's `summary` and `items` keys; the extra top-level keys
(`by_category`, `baseline`, `generated_at`) sit beside them so readers of the contract are unaffected.
"""

from __future__ import annotations

import json
from html import escape
from pathlib import Path

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
    root = Path(report_dir)
    candidates = [p for p in [root / "report.json", *root.glob("*/report.json")] if p.is_file()]
    for path in sorted(candidates, key=lambda p: p.stat().st_mtime, reverse=True):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(data, dict) and isinstance(data.get("summary"), dict) and isinstance(data.get("items"), list):
            return data
    return None


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


def _categories(run: EvalRun) -> list[str]:
    names = set(run.by_category) | (set(run.baseline.by_category) if run.baseline else set())
    return sorted(names)


def _baseline_verdict(run: EvalRun, item_id: str) -> str | None:
    if run.baseline is None:
        return None
    match = next((b for b in run.baseline.results if b.id == item_id), None)
    return None if match is None else ("correct" if match.correct else "wrong")


def _md_cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def render_markdown(run: EvalRun) -> str:
    """Summary table (with a baseline column when present), per-category table, then every failure."""
    base = run.baseline
    lines = ["# Evaluation report", "", f"Generated {run.generated_at}; {run.summary['n']} questions.", "", "## Summary", ""]
    lines += ["| metric | system |" + (" baseline |" if base else ""), "|---|---|" + ("---|" if base else "")]
    for key in SUMMARY_KEYS:
        row = f"| {LABELS[key]} | {fmt(key, run.summary[key])} |"
        lines.append(row + (f" {fmt(key, base.summary[key])} |" if base else ""))
    lines += ["", "## By category", ""]
    header = "| category | " + " | ".join(LABELS[k] for k in CATEGORY_KEYS) + " |" + (" baseline overall |" if base else "")
    lines += [header, "|---" * (len(CATEGORY_KEYS) + 1 + bool(base)) + "|"]
    for cat in _categories(run):
        s = run.by_category.get(cat)
        cells = [fmt(k, s[k]) if s else DASH for k in CATEGORY_KEYS]
        if base:
            b = base.by_category.get(cat)
            cells.append(fmt("overall_accuracy", b["overall_accuracy"]) if b else DASH)
        lines.append(f"| {_md_cell(cat)} | " + " | ".join(cells) + " |")
    failures = run.failures
    lines += ["", f"## Failures ({len(failures)} of {len(run.results)})", ""]
    if not failures:
        lines.append("None: every item is correct.")
    for r in failures:
        lines += [f"### {r.id}" + (f" ({r.category})" if r.category else ""), ""]
        lines.append(f"- Question: {_md_cell(r.question)}")
        if r.history:
            lines.append("- History: " + " / ".join(_md_cell(h) for h in r.history))
        lines.append(f"- Expected: {_md_cell(expected_text(r))}")
        lines.append(f"- Got: {_md_cell(got_text(r)) or '(empty)'}")
        lines.append(f"- Why wrong: {failure_reason(r)}")
        lines.append(f"- Gold rank: {r.gold_rank if r.gold_rank is not None else DASH}")
        verdict = _baseline_verdict(run, r.id)
        if verdict:
            lines.append(f"- Baseline: {verdict}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


_CSS = """body{font-family:sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}
table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f3f3f3}td.num{text-align:right}.charts svg{margin:0 2em 1em 0}.muted{color:#777}"""


def _html_table(header: list[str], rows: list[list[str]], numeric_from: int = 1) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in header)
    body = "".join(
        "<tr>" + "".join(f'<td{" class=num" if i >= numeric_from else ""}>{escape(c)}</td>' for i, c in enumerate(row)) + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def render_html(run: EvalRun) -> str:
    """One self-contained page: the markdown report's content plus inline-SVG charts; no scripts, no links out."""
    base = run.baseline
    summary_rows = [[LABELS[k], fmt(k, run.summary[k])] + ([fmt(k, base.summary[k])] if base else []) for k in SUMMARY_KEYS]
    cats = _categories(run)
    cat_rows = []
    for cat in cats:
        s = run.by_category.get(cat)
        row = [cat] + [fmt(k, s[k]) if s else DASH for k in CATEGORY_KEYS]
        if base:
            b = base.by_category.get(cat)
            row.append(fmt("overall_accuracy", b["overall_accuracy"]) if b else DASH)
        cat_rows.append(row)
    series = {"system": [run.by_category.get(c, {}).get("overall_accuracy") for c in cats]}
    latencies = {"system": [r.latency_ms for r in run.results]}
    if base:
        series["baseline"] = [base.by_category.get(c, {}).get("overall_accuracy") for c in cats]
        latencies["baseline"] = [r.latency_ms for r in base.results]
    fail_rows = [
        [r.id, r.category or "", r.question + (f"  (history: {' / '.join(r.history)})" if r.history else ""),
         expected_text(r), got_text(r) or "(empty)", failure_reason(r), str(r.gold_rank) if r.gold_rank else DASH]
        + ([_baseline_verdict(run, r.id) or DASH] if base else [])
        for r in run.failures
    ]
    fail_header = ["id", "category", "question", "expected", "got", "why wrong", "gold rank"] + (["baseline"] if base else [])
    parts = [
        "<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8"><title>Evaluation report</title>',
        f"<style>{_CSS}</style></head><body>", "<h1>Evaluation report</h1>",
        f'<p class="muted">Generated {escape(run.generated_at)}; {run.summary["n"]} questions. '
        f"{DASH} marks a metric with nothing to measure.</p>",
        "<h2>Summary</h2>", _html_table(["metric", "system"] + (["baseline"] if base else []), summary_rows),
        '<h2>Charts</h2><div class="charts">',
        bar_chart(cats, series, "Overall accuracy by category"),
        histogram(latencies, "Latency per question"), "</div>",
        "<h2>By category</h2>",
        _html_table(["category"] + [LABELS[k] for k in CATEGORY_KEYS] + (["baseline overall"] if base else []), cat_rows),
        f"<h2>Failures ({len(fail_rows)} of {len(run.results)})</h2>",
        _html_table(fail_header, fail_rows, numeric_from=99) if fail_rows else "<p>None: every item is correct.</p>",
        "</body></html>",
    ]
    return "\n".join(parts) + "\n"
