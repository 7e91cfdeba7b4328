"""Warm `Assistant.ask` latency (p50/p95) beside the bare query-embedding time measured in the same run.

The query embedding is the floor: every question is embedded once. Run on the seed corpus and on a
synthetic corpus of news-like prose (5,000 documents by default). Prints a markdown table.

    python benchmarks/query_latency.py
    python benchmarks/query_latency.py --documents 1000 --repeats 3
    python benchmarks/query_latency.py --workdir /tmp/bench   # reuse index_throughput.py --workdir's 5,000
    python benchmarks/query_latency.py --documents 0 --reuters-index /tmp/reuters-index  # 1,500 wire articles
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from measuring import percentile  # noqa: E402
ROOT = Path(__file__).resolve().parents[1]


def measure(assistant, questions: list[tuple[str, list[str]]], repeats: int) -> tuple[list[float], list[float]]:
    for question, history in questions[:3]:  # warm caches, BM25 table and model
        assistant.ask(question, history)
    asks, embeds = [], []
    for _ in range(repeats):
        for question, history in questions:
            started = time.perf_counter()
            assistant.ask(question, history)
            asks.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            assistant.embedder.get_query_embedding(question)
            embeds.append((time.perf_counter() - started) * 1000)
    return asks, embeds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, default=5000, help="synthetic corpus size (default 5000)")
    parser.add_argument("--repeats", type=int, default=2, help="passes over the questions (default 2)")
    parser.add_argument("--workdir", type=Path,
                        help="keep the synthetic corpus and index in DIR/corpus-N and DIR/index-N, reusing them "
                             "when present (index_throughput.py --workdir leaves them there)")
    parser.add_argument("--reuters-index", type=Path,
                        help="also measure the Reuters development corpus (tests/data/reuters-dev, 1,500 articles) "
                             "with its train questions, indexed in DIR (reused when present)")
    args = parser.parse_args()

    from synthetic import write_corpus

    from assistant.evaluation import load_suite
    from assistant.composition import build
    from assistant.settings import load_settings

    suite = [(i.question, list(i.history)) for i in load_suite(ROOT / "tests" / "eval" / "suite.jsonl")]
    synthetic_questions = [
        ("When will Japan open talks with Vietnam?", []), ("What duty applies to steel tariffs?", []),
        ("Who warned that rushing the negotiations could ruin the outcome?", []),
        ("Does Mexico plan to retaliate?", []), ("What rate do exporters of LNG purchases face?", []),
    ] * 8
    rows = []
    with tempfile.TemporaryDirectory(prefix="query-latency-") as tmp:
        tmp = Path(tmp)
        corpora = [("seed corpus (1 document)", ROOT / "corpus", suite)]
        indexes = [tmp / "index-seed"]
        if args.documents:
            home = args.workdir or tmp
            corpus, index = home / f"corpus-{args.documents}", home / f"index-{args.documents}"
            if not corpus.is_dir():
                print(f"writing {args.documents} synthetic documents ...", file=sys.stderr)
                write_corpus(corpus, args.documents)
            print(f"indexing {corpus} into {index} (incremental) ...", file=sys.stderr)
            corpora.append((f"synthetic ({args.documents:,} documents)", corpus, synthetic_questions))
            indexes.append(index)
        if args.reuters_index:
            reuters = [(i.question, list(i.history))
                       for i in load_suite(ROOT / "tests" / "eval" / "reuters-dev" / "train.jsonl")]
            corpora.append(("Reuters development (1,500 articles)", ROOT / "tests" / "data" / "reuters-dev" / "corpus",
                            reuters))
            indexes.append(args.reuters_index)
        for (label, corpus, questions), index in zip(corpora, indexes):
            settings = load_settings(corpus, index)
            app = build(settings, create_index=True)
            app.indexer().run()
            assistant = app.assistant
            asks, embeds = measure(assistant, questions, args.repeats)
            chunks = assistant.health()["chunks"]
            rows.append((label, chunks, len(asks), percentile(asks, 50), percentile(asks, 95),
                         statistics.median(embeds)))
    print("\n| corpus | chunks | questions | ask p50 ms | ask p95 ms | query embedding p50 ms (floor) | p50 / floor |")
    print("|---|---|---|---|---|---|---|")
    for label, chunks, n, p50, p95, floor in rows:
        print(f"| {label} | {chunks:,} | {n} | {p50:.1f} | {p95:.1f} | {floor:.1f} | {p50 / floor:.2f} |")


if __name__ == "__main__":
    main()
