"""Near-miss probe: unanswerable questions made from the tuning parts' answerable ones by swapping one thing the
question asks for one its source never states, and how often the answerer abstains on them.

Written suites hold a few hundred near misses; after many rounds of reading their failures, a method can fit their
wording. This probe makes hundreds more, in the kinds the development suite names (another year, quarter, month,
quantity, country, figure), from questions the answerer has right, so a reader that only fits the written ones
shows here. Each swap is checked against the source text: the new year, quarter, month, word or country is nowhere
in it. (Another article may still state the swapped fact; the probe's figures are a floor on abstention, not a
measure of accuracy.) Only tuning parts are used; held-out parts are never read.

    python benchmarks/near_miss_probe.py --workdir /tmp/fit          # all kinds (~1 min warm)
    python benchmarks/near_miss_probe.py --workdir /tmp/fit --show   # and list the ones answered
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from eval_parts import build, corpus_folder, parts  # noqa: E402

ORDINALS = ["first", "second", "third", "fourth"]
QUARTER_FIGURES = ["1st", "2nd", "3rd", "4th"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
# A quantity asked, and another of its kind a report gives apart (the word the swap brings in must be absent)
QUANTITY_SWAPS = [("exports", "imports"), ("imports", "exports"), ("export", "import"), ("import", "export"),
                  ("sales", "dividend"), ("revenues", "dividend"), ("profit", "revenues"), ("net income", "revenues"),
                  ("production", "consumption"), ("consumption", "production"), ("output", "consumption"),
                  ("surplus", "deficit"), ("deficit", "surplus"), ("buy", "sell"), ("sell", "buy"),
                  ("purchase", "sale"), ("sale", "purchase"), ("earnings", "revenues")]
COUNTRIES = ["Japan", "Brazil", "Canada", "France", "Italy", "Mexico", "India", "China", "Australia", "Argentina",
             "Egypt", "Indonesia", "Nigeria", "Spain", "Sweden", "Turkey", "Kenya", "Peru", "Chile", "Thailand"]
UNITS = r"mln|billion|pct|tonnes|dlrs|bags|barrels|shares|ounces"


def answerable_items() -> list[dict]:
    """The tuning parts' single-turn answerable Reuters items, with one source each."""
    found = []
    for kind, path, tune in parts().values():
        if kind != "reuters" or not tune:
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            item = json.loads(line)
            if item["answerable"] and not item["history"] and len(item["sources"]) == 1:
                found.append(item)
    return found


def near_misses(item: dict, text: str, date: str, pick: random.Random) -> list[tuple[str, str]]:
    """(kind, question) for each swap this question allows, checked against its source's text and date."""
    question, lower, out = item["question"], text.lower(), []
    report_year, report_month = int(date[:4]), int(date[5:7])
    years = re.findall(r"\b(19[5-9]\d)\b", question)
    if len(years) == 1 and not re.search(r"19\d\d\s*[-/]\s*(?:19)?\d\d", question):
        year = int(years[0])
        for other in (year - 3, year - 4, year + 3, year - 5):  # never the report's year or the one before or after
            if str(other) not in text and abs(other - report_year) >= 2:
                out.append(("year", re.sub(rf"\b{year}\b", str(other), question)))
                break
    quarter = re.search(r"\b(first|second|third|fourth)([- ])quarter\b", question, re.IGNORECASE)
    if quarter:
        at = ORDINALS.index(quarter.group(1).lower())
        for other in (at - 1, at + 1, at - 2, at + 2):
            forms = (f"{ORDINALS[other]} quarter", f"{ORDINALS[other]}-quarter", f"{QUARTER_FIGURES[other]} qtr",
                     f"{QUARTER_FIGURES[other]} quarter") if 0 <= other < 4 else ()
            if forms and not any(f in lower for f in forms):
                word = ORDINALS[other] if quarter.group(1).islower() else ORDINALS[other].capitalize()
                out.append(("quarter", question[:quarter.start(1)] + word + question[quarter.end(1):]))
                break
    for asked, other in QUANTITY_SWAPS:
        if re.search(rf"\b{asked}\b", question) and not re.search(rf"\b{other[:5]}", lower):
            out.append(("quantity", re.sub(rf"\b{asked}\b", other, question, count=1)))
            break
    months = [m for m in MONTHS if re.search(rf"\b{m}\b", question)]
    if len(months) == 1 and months[0] != "May":  # ("may" is also a verb)
        at = MONTHS.index(months[0])
        for step in (4, -4, 5, -5):
            other = MONTHS[(at + step) % 12]
            if other != "May" and other.lower() not in lower and (at + step) % 12 + 1 not in (report_month,
                                                                                             report_month - 1):
                out.append(("month", re.sub(rf"\b{months[0]}\b", other, question)))
                break
    named = [c for c in COUNTRIES if re.search(rf"\b{c}\b", question)]
    if len(named) == 1:
        for other in pick.sample(COUNTRIES, len(COUNTRIES)):
            if other != named[0] and other[:4].lower() not in lower:
                out.append(("country", re.sub(rf"\b{named[0]}\b", other, question)))
                break
    figures = re.findall(rf"(?<![\d.,])(\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?)(?=\s+(?:{UNITS}))", question)
    if len(figures) == 1 and not re.fullmatch(r"19\d\d", figures[0]) and float(figures[0].replace(",", "")) > 1:
        value = float(figures[0].replace(",", ""))
        tripled = value * 3 if value < 1000 else value * 2
        written = f"{int(tripled):,}" if "," in figures[0] else (
            str(int(tripled)) if tripled == int(tripled) and "." not in figures[0] else f"{tripled:g}")
        if written not in text:
            out.append(("figure", question.replace(figures[0], written, 1)))
    return out


def probe_items() -> list:
    """The near misses as suite items (answerable false), one per kind a tuning question allows."""
    from assistant.evaluation.suite import SuiteItem

    corpus, pick, items = corpus_folder("reuters", Path()), random.Random(5), []
    for item in answerable_items():
        source = corpus / item["sources"][0]
        date = json.loads(Path(f"{source}.meta.json").read_text(encoding="utf-8"))["date"]
        for kind, question in near_misses(item, source.read_text(encoding="utf-8"), date, pick):
            items.append(SuiteItem(id=f"{item['id']}-{kind}", question=question, sources=tuple(item["sources"]),
                                   answerable=False, category=kind))
    return items


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/eval-parts"), help="indexes built here once")
    parser.add_argument("--show", action="store_true", help="list the near misses answered, with their answers")
    args = parser.parse_args()
    from assistant.evaluation.runner import run_suite

    args.workdir.mkdir(parents=True, exist_ok=True)
    items = probe_items()
    assistant = build(corpus_folder("reuters", args.workdir), args.workdir / "reuters-index")
    results = run_suite(assistant, items, progress=False).results
    kinds = {item.id: item.category for item in items}
    asked, abstained = Counter(kinds.values()), Counter(kinds[r.id] for r in results if r.abstained)
    print(f"{'kind':10s} {'near misses':>11s} {'abstained':>9s} {'share':>6s}")
    for kind in sorted(asked):
        print(f"{kind:10s} {asked[kind]:11d} {abstained[kind]:9d} {abstained[kind] / asked[kind]:6.3f}")
    total = sum(abstained.values())
    print(f"{'all':10s} {len(items):11d} {total:9d} {total / max(len(items), 1):6.3f}")
    if args.show:
        for r in results:
            if not r.abstained:
                print(f"ANSWERED {r.id}: {r.question}\n    {r.answer[:160]!r}")


if __name__ == "__main__":
    main()
