"""Progress bars of long jobs (rebuilds, evaluation runs) as HTML the pages redraw while a job runs.

Drawn by the page's own handler, not by Gradio's progress overlay: that overlay sits on whichever component it
is attached to, and on an empty one it has no height to show in.
"""

from __future__ import annotations

import html

CSS = """
.job-progress {margin: .4em 0; padding: .5em .7em; border: 1px solid var(--border-color-primary); border-radius: 6px;}
.job-progress .head {display: flex; justify-content: space-between; gap: 1em; font-weight: 600;}
.job-progress .track {height: 12px; margin: .35em 0; border-radius: 6px; overflow: hidden;
                      background: var(--background-fill-secondary); border: 1px solid var(--border-color-primary);}
.job-progress .fill {height: 100%; background: var(--color-accent); transition: width .3s ease-out;}
.job-progress.waiting .fill {width: 30%; animation: job-waiting 1.2s ease-in-out infinite alternate;}
.job-progress .detail {color: var(--body-text-color-subdued); font-size: .9em;}
@keyframes job-waiting {from {margin-left: 0;} to {margin-left: 70%;}}
"""


def duration(seconds: float) -> str:
    """'45 s', '3 min 05 s', '1 h 02 min': how long, as people read it."""
    seconds = max(0, round(seconds))
    if seconds < 60:
        return f"{seconds} s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes} min {seconds:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"


def progress_bar(headline: str, fraction: float | None, details: list[str] = ()) -> str:
    """A bar `fraction` (0-1) full under `headline`, `details` joined below; `fraction` None is a job whose size is
    not known yet (a bar that sweeps back and forth). Carries role=progressbar and aria-valuenow (0-100) for
    screen readers and tests."""
    if fraction is None:
        value, cls, percent, width = "", "job-progress waiting", "", ""
    else:
        share = min(1.0, max(0.0, fraction))
        value = f' aria-valuenow="{share * 100:.1f}"'
        cls, percent, width = "job-progress", f"{share:.0%}", f' style="width: {share * 100:.1f}%"'
    text = " · ".join(html.escape(d) for d in details if d)
    return (f'<div class="{cls}" role="progressbar" aria-label="{html.escape(headline)}" aria-valuemin="0" '
            f'aria-valuemax="100"{value}><div class="head"><span>{html.escape(headline)}</span><span>{percent}</span>'
            f'</div><div class="track"><div class="fill"{width}></div></div><div class="detail">{text}</div></div>')


def rebuild_progress(status) -> str:
    """The bar of a running or finished rebuild (`rebuilds.RebuildStatus`)."""
    if not status.planned:
        return progress_bar("Rebuilding the index", None, ["scanning the corpus for new, changed and deleted files"])
    eta = status.eta_seconds()
    details = [f"{status.done:,} of {status.total:,} documents indexed",
               f"{status.chunks_embedded:,} of {status.chunks_read:,} chunks read so far embedded" if status.running
               else f"{status.chunks_embedded:,} chunks embedded",
               f"about {duration(eta)} left" if eta is not None else ""]
    if not status.running:
        if not status.total:
            details[:2] = ["no new or changed document to index", ""]
        details[-1] = f"took {duration(status.finished_at - status.started_at)}" if status.finished_at else ""
    headline = "Rebuilding the index" if status.running else "Rebuild finished" if status.state == "done" else "Rebuild failed"
    return progress_bar(headline, status.fraction, details)


def eval_progress(done: int, total: int, elapsed: float, running: bool = True) -> str:
    """The bar of an evaluation run: `done` of `total` questions asked after `elapsed` seconds."""
    if not total:
        return progress_bar("Evaluating", None, ["loading the suite and warming up the index"])
    eta = elapsed * (total - done) / done if running and done else None
    details = [f"{done:,} of {total:,} questions asked",
               f"about {duration(eta)} left" if eta is not None else "" if running else f"took {duration(elapsed)}"]
    return progress_bar("Evaluating" if running else "Evaluation finished", done / total, details)
