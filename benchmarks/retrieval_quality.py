"""Passage-level retrieval quality of dense, keyword and fused rankings on an evaluation suite.

The suite's document-level hit@k is trivial on a one-document corpus, so a passage counts as gold here
when it holds an accepted answer (or every must_include string), normalized as the scoring rules say.
Prints a table to choose the fusion weights from measurements.

    python benchmarks/retrieval_quality.py
    python benchmarks/retrieval_quality.py --dataset tests/eval/suite.jsonl --corpus corpus --index /tmp/bench-index
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dataset", default="tests/eval/suite.jsonl")
    parser.add_argument("--corpus", default="corpus")
    parser.add_argument("--index", default=None, help="index folder (default: a fresh temporary one)")
    args = parser.parse_args()

    from assistant.chat import condense
    from assistant.evaluation import load_suite, normalize
    from assistant.services import Assistant, build_indexer
    from assistant.settings import load_settings

    index = Path(args.index or tempfile.mkdtemp(prefix="retrieval-quality-"))
    settings = load_settings(Path(args.corpus), index)
    build_indexer(settings=settings).run()
    retriever = Assistant(settings).retriever
    items = [i for i in load_suite(args.dataset) if i.answerable]

    def gold(item, text: str) -> bool:
        t = normalize(text)
        return (not item.answers or any(normalize(a) in t for a in item.answers)) and all(
            normalize(m) in t for m in item.must_include)

    variants = {"dense only": (1.0, 0.0), "keyword only": (0.0, 1.0)}
    variants |= {f"RRF dense {d:g} : keyword {k:g}": (d, k) for d, k in [(1, 1), (1, 2), (2, 1), (1, 1.5)]}
    rows = []
    for name, (dw, kw) in variants.items():
        retriever.settings.dense_weight, retriever.settings.keyword_weight = dw, kw
        hit1 = hit5 = rr = 0.0
        for item in items:
            turn = condense(item.question, list(item.history))
            passages = retriever.retrieve(turn.query, top_k=10)
            rank = next((r for r, p in enumerate(passages, 1) if gold(item, p.text)), None)
            hit1 += rank == 1
            hit5 += rank is not None and rank <= 5
            rr += 1 / rank if rank else 0
        n = len(items)
        rows.append((name, hit1 / n, hit5 / n, rr / n))
    print(f"\n{len(items)} answerable questions, {len(retriever.table().passages)} passages\n")
    print("| ranking | passage hit@1 | passage hit@5 | MRR@10 |")
    print("|---|---|---|---|")
    for name, h1, h5, mrr in rows:
        print(f"| {name} | {h1:.3f} | {h5:.3f} | {mrr:.3f} |")


if __name__ == "__main__":
    main()
