"""Run the development suite's parts item by item, and compare two runs: how docs/benchmarks.md's answer-quality
figures are measured.

Every part is asked through `run_suite`, as `assistant eval` asks it, on an index built once in --workdir: the
Reuters parts (tests/eval/reuters-dev/) on the 1,500 Reuters articles, the seed suites on corpus/, the encyclopedic
adversarial parts (tests/eval/squad-dev/) and 400 SQuAD sample questions (seed 77) on the SQuAD sample's paragraphs.
A run writes each item's answer and outcome to a JSON file; `compare` lists what one run won and lost against
another, item by item. Held-out parts are reported by `run ... held` as summaries; read their failures never.

    python benchmarks/eval_parts.py run /tmp/before.json tune --workdir /tmp/fit   # all tuning parts (~2 min warm)
    python benchmarks/eval_parts.py run /tmp/after.json train21 train22 --workdir /tmp/fit
    python benchmarks/eval_parts.py compare /tmp/before.json /tmp/after.json --show
    python benchmarks/eval_parts.py run /tmp/held.json held --workdir /tmp/fit     # once, at the end
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

from fit_answerer import squad_corpus  # noqa: E402

REUTERS_PARTS = ROOT / "tests" / "eval" / "reuters-dev"
SQUAD_PARTS = ROOT / "tests" / "eval" / "squad-dev"
SQUAD_SAMPLE = 400  # SQuAD sample questions asked (a fixed draw, seed 77)


def parts() -> dict[str, tuple[str, Path | None, bool]]:
    """name -> (corpus, suite file or None for the SQuAD sample, whether it is a tuning part)."""
    found = {f.stem: ("reuters", f, not f.stem.startswith(("holdout", "tables-holdout")))
             for f in sorted(REUTERS_PARTS.glob("*.jsonl"))}
    found |= {"seed": ("seed", ROOT / "tests" / "eval" / "suite.jsonl", True),
              "seed-holdout": ("seed", ROOT / "tests" / "eval" / "holdout.jsonl", False),
              "sq-adv1": ("squad", SQUAD_PARTS / "adversarial-train.jsonl", True),
              "sq-adv2": ("squad", SQUAD_PARTS / "adversarial-train2.jsonl", True),
              "sq-adv3": ("squad", SQUAD_PARTS / "adversarial-train3.jsonl", True),
              "sq-adv4": ("squad", SQUAD_PARTS / "adversarial-train4.jsonl", True),
              "sq-advheld": ("squad", SQUAD_PARTS / "adversarial-holdout.jsonl", False),
              "sq-sample": ("squad", None, True)}
    return found


def corpus_folder(kind: str, workdir: Path) -> Path:
    return {"reuters": ROOT / "tests" / "data" / "reuters-dev" / "corpus", "seed": ROOT / "corpus",
            "squad": workdir / "squad-corpus"}[kind]


def suite_items(path: Path | None, workdir: Path):
    from assistant.evaluation.suite import load_suite

    if path is not None:
        return load_suite(path)
    items = squad_corpus(workdir / "squad-corpus")
    random.Random(77).shuffle(items)
    return items[:SQUAD_SAMPLE]


def build(corpus: Path, index: Path):
    """The assistant as shipped (the fitted scorer), its index built first when missing."""
    from assistant.composition import build_with_index
    from assistant.settings import load_settings

    return build_with_index(load_settings(corpus, index), lambda indexer: indexer.run()).assistant


def run(out: Path, selection: list[str], workdir: Path) -> None:
    from assistant.evaluation.runner import run_suite

    known = parts()
    names = []
    for word in selection or ["tune"]:
        if word in ("tune", "held", "all"):
            names += [n for n, (_, _, tune) in known.items() if word == "all" or tune == (word == "tune")]
        elif word in known:
            names.append(word)
        else:
            raise SystemExit(f"unknown part {word!r}; parts: {', '.join(known)}")
    squad_corpus(workdir / "squad-corpus")
    assistants, results = {}, {}
    for name in names:
        kind, path, _ = known[name]
        if kind not in assistants:
            assistants[kind] = build(corpus_folder(kind, workdir), workdir / f"{kind}-index")
        started = time.perf_counter()
        evaluated = run_suite(assistants[kind], suite_items(path, workdir), progress=False)
        results[name] = {"summary": evaluated.summary, "items": [
            {"id": r.id, "question": r.question, "answer": r.answer, "abstained": r.abstained, "correct": r.correct,
             "answerable": r.answerable} for r in evaluated.results]}
        s = evaluated.summary
        print(f"{name:16s} n={s['n']:4d} overall={s['overall_accuracy']:.3f} answer={s['answer_accuracy'] or 0:.3f} "
              f"abstention={s['abstention_accuracy'] or 0:.3f} ({time.perf_counter() - started:.0f} s)", flush=True)
    out.write_text(json.dumps(results), encoding="utf-8")
    correct = sum(i["correct"] for r in results.values() for i in r["items"])
    print(f"total {correct}/{sum(len(r['items']) for r in results.values())} -> {out}")


def compare(before: Path, after: Path, show: bool) -> None:
    """Items whose outcome changed, part by part (only parts both runs hold)."""
    old, new = json.loads(before.read_text()), json.loads(after.read_text())
    won = lost = 0
    for part, result in new.items():
        earlier = {i["id"]: i for i in old.get(part, {}).get("items", [])}
        for item in result["items"]:
            was = earlier.get(item["id"])
            if was is None or was["correct"] == item["correct"]:
                continue
            won, lost = won + item["correct"], lost + (not item["correct"])
            if show:
                print(f"{'WON ' if item['correct'] else 'LOST'} {part} {item['id']}: {item['question']}\n"
                      f"    was: {was['answer'][:150]!r}\n    now: {item['answer'][:150]!r}")
    print(f"+{won} -{lost}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    asked = commands.add_parser("run", help="ask the parts, write each item's outcome to OUT")
    asked.add_argument("out", type=Path)
    asked.add_argument("parts", nargs="*", help="part names, or tune / held / all (default: tune)")
    asked.add_argument("--workdir", type=Path, default=Path("/tmp/eval-parts"), help="indexes built here once")
    compared = commands.add_parser("compare", help="what AFTER won and lost against BEFORE")
    compared.add_argument("before", type=Path)
    compared.add_argument("after", type=Path)
    compared.add_argument("--show", action="store_true", help="list the items, with both answers")
    args = parser.parse_args()
    if args.command == "run":
        args.workdir.mkdir(parents=True, exist_ok=True)
        run(args.out, args.parts, args.workdir)
    else:
        compare(args.before, args.after, args.show)


if __name__ == "__main__":
    main()
