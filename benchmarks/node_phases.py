"""Resident memory of one app node phase by phase: restart, warm questions, a one-document rebuild in-process (as the
web app's Rebuild does), the reload and save it sets off, and the same for restoring the document.

The node is built as `assistant serve` builds it (`composition.build`, without the web server; the extractive
answerer). Before each phase the process's peak is reset (`/proc/self/clear_refs`), so each line shows the resident
memory at the phase's end and the peak during it. The changed document is restored even when a phase fails.
Linux only (/proc). Used for docs/benchmarks.md, "150,000 chunks measured".

Example:
    python benchmarks/node_phases.py --corpus /work/bench-scale/corpus-150000 --index /work/bench-scale/index-150000
"""

from __future__ import annotations

import time

STARTED = time.time()

import argparse  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))
for _name, _value in {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "ANONYMIZED_TELEMETRY": "False",
                      "TOKENIZERS_PARALLELISM": "false"}.items():
    os.environ.setdefault(_name, _value)

from scale import MARKER, QUESTIONS  # noqa: E402


def memory_mb() -> tuple[int, int]:
    """(resident now, peak resident since the last reset) of this process, in MB."""
    fields = dict(line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines())
    return int(fields["VmRSS"].split()[0]) // 1024, int(fields["VmHWM"].split()[0]) // 1024


def phase(label: str) -> None:
    rss, peak = memory_mb()
    print(f"{time.time() - STARTED:7.1f} s  {label:30s} RSS {rss:5d} MB  peak during the phase {peak:5d} MB", flush=True)
    Path("/proc/self/clear_refs").write_text("5")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], epilog=__doc__.split("\n\n", 2)[2],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, required=True, help="the corpus folder the index was built from")
    parser.add_argument("--index", type=Path, required=True, help="a built index folder")
    parser.add_argument("--change", default="article-00000.txt", help="the document changed and restored")
    args = parser.parse_args()

    from assistant.composition import build
    from assistant.settings import load_settings

    settings = load_settings(args.corpus, args.index)
    settings.llm.mode = "none"
    app = build(settings)
    phase("built (model, store)")
    assistant, retriever = app.assistant, app.assistant.retriever
    assistant.ask(QUESTIONS[0])
    phase("first answer")
    for question in QUESTIONS * 2:
        assistant.ask(question)
    phase(f"{2 * len(QUESTIONS)} warm questions")
    document = args.corpus / args.change
    original = document.read_bytes()
    try:
        for step, text in (("change", original + MARKER.encode()), ("restore", original)):
            document.write_bytes(text)
            report = app.indexer().run()
            assert report.updated == [args.change], report.to_dict()
            phase(f"{step}: Indexer.run")
            assistant.ask(QUESTIONS[1])
            retriever.refresh()
            phase(f"{step}: reload and save")
            for question in QUESTIONS[:10]:
                assistant.ask(question)
            phase(f"{step}: 10 questions")
    finally:
        if document.read_bytes() != original:
            document.write_bytes(original)
            app.indexer().run()
    print(f"load average {os.getloadavg()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
