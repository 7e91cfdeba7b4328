"""Small inline-SVG charts for report.html.

Drawn by hand rather than with a plotting library so the report stays one self-contained file with no
JavaScript, fonts or network fetches, and the evaluation needs no extra dependency.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

COLORS = ("#2f6db5", "#e08a2c", "#4c9a4c", "#a84c9a")
_FONT = 'font-family="sans-serif" font-size="11"'


def _tick(value: float, step: float) -> str:
    """Enough decimals to tell neighbouring bin edges apart."""
    decimals = 0 if step >= 1 else min(3, 1 - math.floor(math.log10(step)))
    return f"{value:.{decimals}f}"


def _legend(names: Sequence[str], x: float, y: float) -> list[str]:
    parts = []
    for i, name in enumerate(names):
        yy = y + i * 16
        parts.append(f'<rect x="{x}" y="{yy - 9}" width="10" height="10" fill="{COLORS[i % len(COLORS)]}"/>')
        parts.append(f'<text x="{x + 14}" y="{yy}" {_FONT}>{escape(name)}</text>')
    return parts


def _frame(width: int, height: int, title: str, body: list[str]) -> str:
    return (
        f'<svg width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}">'
        f"<title>{escape(title)}</title>"
        f'<text x="{width / 2}" y="16" text-anchor="middle" font-family="sans-serif" font-size="13" '
        f'font-weight="bold">{escape(title)}</text>' + "".join(body) + "</svg>"
    )


def bar_chart(groups: Sequence[str], series: dict[str, Sequence[float | None]], title: str) -> str:
    """Grouped bars of shares in [0, 1] (one group per category, one bar per system); None draws no bar."""
    left, top, plot_h, group_w = 40, 28, 180, max(36, 18 * len(series) + 16)
    width = left + group_w * max(1, len(groups)) + 120
    height = top + plot_h + 60
    body = []
    for tick in (0, 0.25, 0.5, 0.75, 1.0):
        y = top + plot_h * (1 - tick)
        body.append(f'<line x1="{left}" y1="{y}" x2="{left + group_w * len(groups)}" y2="{y}" stroke="#ddd"/>')
        body.append(f'<text x="{left - 4}" y="{y + 4}" text-anchor="end" {_FONT}>{int(tick * 100)}%</text>')
    bar_w = (group_w - 12) / max(1, len(series))
    for g, group in enumerate(groups):
        x0 = left + g * group_w + 6
        for s, values in enumerate(series.values()):
            value = values[g]
            if value is None:
                continue
            h = plot_h * max(0.0, min(1.0, value))
            body.append(
                f'<rect x="{x0 + s * bar_w:.1f}" y="{top + plot_h - h:.1f}" width="{bar_w - 2:.1f}" '
                f'height="{h:.1f}" fill="{COLORS[s % len(COLORS)]}"><title>{escape(group)}: {value:.1%}</title></rect>'
            )
        cx = left + g * group_w + group_w / 2
        body.append(
            f'<text x="{cx}" y="{top + plot_h + 14}" text-anchor="end" transform="rotate(-30 {cx} '
            f'{top + plot_h + 14})" {_FONT}>{escape(group)}</text>'
        )
    body += _legend(list(series), left + group_w * len(groups) + 16, top + 10)
    return _frame(width, height, title, body)


def histogram(series: dict[str, Sequence[float]], title: str, unit: str = "ms", bins: int = 12) -> str:
    """Counts of values in equal-width bins shared by all series, bars side by side within a bin."""
    values = [v for vs in series.values() for v in vs]
    left, top, plot_w, plot_h = 40, 28, 480, 180
    width, height = left + plot_w + 120, top + plot_h + 44
    if not values:
        return _frame(width, height, title, [f'<text x="{left}" y="{top + 20}" {_FONT}>no data</text>'])
    lo, hi = min(values), max(values)
    step = (hi - lo) / bins if hi > lo else 1.0
    counts = {name: [0] * bins for name in series}
    for name, vs in series.items():
        for v in vs:
            counts[name][min(bins - 1, int((v - lo) / step))] += 1
    peak = max(max(c) for c in counts.values())
    body = [f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" stroke="#999"/>']
    for tick in sorted({0, math.ceil(peak / 2), peak}):
        y = top + plot_h * (1 - tick / peak)
        body.append(f'<text x="{left - 4}" y="{y + 4}" text-anchor="end" {_FONT}>{tick}</text>')
    bin_w = plot_w / bins
    bar_w = (bin_w - 2) / len(series)
    for s, name in enumerate(series):
        for b, count in enumerate(counts[name]):
            if not count:
                continue
            h = plot_h * count / peak
            x = left + b * bin_w + 1 + s * bar_w
            start = lo + b * step
            body.append(
                f'<rect x="{x:.1f}" y="{top + plot_h - h:.1f}" width="{bar_w:.1f}" height="{h:.1f}" '
                f'fill="{COLORS[s % len(COLORS)]}"><title>{escape(name)}: {count} in '
                f"{_tick(start, step)}–{_tick(start + step, step)} {escape(unit)}</title></rect>"
            )
    for b in range(0, bins + 1, 3):
        x = left + b * bin_w
        body.append(f'<text x="{x:.1f}" y="{top + plot_h + 14}" text-anchor="middle" {_FONT}>{_tick(lo + b * step, step)}</text>')
    body.append(f'<text x="{left + plot_w / 2}" y="{top + plot_h + 32}" text-anchor="middle" {_FONT}>{escape(unit)}</text>')
    body += _legend(list(series), left + plot_w + 16, top + 10)
    return _frame(width, height, title, body)
