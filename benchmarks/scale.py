"""Scale (issue 12): warm `ask` latency, questions right after a one-document rebuild, restart to first answer and
memory of one app node, at 15,000, 50,000 and 150,000 chunks, with ratios against a baseline of the same run.

The text, the chunking, the Chroma collections and the keyword index are real. The chunk and sentence vectors are
stand-ins (benchmarks/stand_in_embedding.py: hashed bag-of-words directions), because embedding 150,000 chunks
with MiniLM takes over an hour on two cores; questions are embedded by the real model. The corpora are
benchmarks/synthetic.py's news-like articles, about 2.9 chunks each. Indexes are built once into --workdir and
reused (a build of 150,000 chunks takes about half an hour here).

Each size is measured in fresh processes, one at a time (this script with --node), each an app node as
`assistant serve` builds it (`composition.build`, without the web server; with serve's garbage-collection policy,
assistant/heap.py: no full collections until the node is built, then its heap frozen):

  cold node    the saved keyword table removed first: process start to first answer, the table read from Chroma
               (what every restart cost before, and what the first question after any rebuild waited for)
  node         process start to first answer with the saved table (the restart); warm `ask` p50/p95; then, per
               cycle, one document changed on disk and re-indexed in-process (as the web app's Rebuild does),
               questions asked back to back from the moment the rebuild returns until the new table is live (the
               first of them, and all of them), the time until the change is searchable, then the same document
               restored the same way; resident memory at the end (and the peak)

The baseline is the same two nodes over the seed corpus (one article, 9 chunks, real MiniLM vectors), measured in
the same run: "÷ base" columns divide by it; the first question after a rebuild is divided by the same node's warm
p50 (the target is 2x).

Examples:
    python benchmarks/scale.py --help
    python benchmarks/scale.py --sizes 3000 --workdir /tmp/scale          # a quick run (builds 3,000 chunks)
    python benchmarks/scale.py --workdir /work/bench-scale                # 15k, 50k, 150k: long the first time
    python benchmarks/scale.py --sizes 15000,50000 --passes 2 --cycles 1  # fewer questions, one change cycle
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path

STARTED = time.time()  # before the heavy imports: a node's restart is timed from here (and its process start)
HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))
for _name, _value in {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "ANONYMIZED_TELEMETRY": "False",
                      "TOKENIZERS_PARALLELISM": "false"}.items():
    os.environ.setdefault(_name, _value)

from measuring import percentile  # noqa: E402

CHUNKS_PER_DOCUMENT = 2.93  # benchmarks/synthetic.py articles, chunked with the default settings
QUESTIONS = [
    "When will Japan open talks with Vietnam?", "What duty applies to steel tariffs?",
    "Who warned that rushing the negotiations could ruin the outcome?", "Does Mexico plan to retaliate?",
    "What rate do exporters of LNG purchases face?", "What did the finance minister of Chile say about fisheries?",
    "When is the second round on digital trade rules?", "Which country described the 46% rate as a serious burden?",
    "Did markets react calmly after Norway spoke about energy cooperation?",
    "When will India meet Australia over semiconductor export controls?",
    "What did the chief negotiator of Brazil say about agricultural quotas?",
    "Who will press Canada on automobile duties?", "Is the 25% duty on currency policy under review?",
    "What did the delegation from Malaysia plan on LNG purchases?", "When was the meeting on fisheries subsidies?",
    "What is Japan's reciprocal rate?", "When do the Japan-U.S. talks open?", "Who leads Japan's negotiations?",
    "What did South Korea say about the talks?", "How much is the tariff on Japanese cars?",
]
MARKER = ("\n\nThe Zorblatt trade council set a levy of 17% on quince exports from Ruritania on May 9, "
          "its chair told reporters.")
MARKER_QUESTION = "What levy did the Zorblatt trade council set on quince exports?"


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def memory_mb() -> tuple[float, float]:
    """(resident now, peak resident) of this process, in MB."""
    fields = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key, _, value = line.partition(":")
        fields[key] = value.strip()
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


# -- a node: one app process -------------------------------------------------------------------------------
def node(args) -> None:
    """Run one app node and print what it measured as one JSON line (see the module docstring)."""
    import gc

    from assistant import heap

    heap.starting()  # as `assistant serve` starts (cli.serve): no full garbage collections until it serves
    from assistant.composition import build
    from assistant.settings import load_settings

    started_at = args.started_at or STARTED
    imported = time.time()
    settings = load_settings(args.corpus, args.index)
    settings.llm.mode = "none"
    app = build(settings)
    full_collections = gc.get_stats()[2]["collections"]
    heap.started()  # as `server.serve` does before it serves: the start's heap frozen, collections as before
    built = time.time()
    assistant, retriever = app.assistant, app.assistant.retriever
    assistant.ask(QUESTIONS[0])
    answered = time.time()
    out = {"chunks": len(retriever.table().passages), "restart_s": answered - started_at,
           "restart_cpu_s": time.process_time(),  # the node's CPU (all its threads) from its start to the first answer
           "imports_s": imported - started_at, "open_and_model_s": built - imported, "first_answer_s": answered - built,
           "full_collections_while_starting": full_collections}
    if args.cold:
        retriever.refresh()  # let the save finish (the next node starts from it)
        out["rss_mb"], out["peak_rss_mb"] = memory_mb()
        print(json.dumps(out), flush=True)
        return
    for question in QUESTIONS[:3]:
        assistant.ask(question)
    warm, cpu = [], []
    for _ in range(args.passes):
        for question in QUESTIONS:
            t, c = time.perf_counter(), time.process_time()
            assistant.ask(question)
            warm.append((time.perf_counter() - t) * 1000)
            cpu.append((time.process_time() - c) * 1000)  # the process's CPU: less moved by other jobs than wall time
    out.update(warm_p50_ms=percentile(warm, 50), warm_p95_ms=percentile(warm, 95), warm_n=len(warm),
               warm_cpu_p50_ms=percentile(cpu, 50))
    document = Path(args.corpus) / args.change
    original = document.read_bytes()
    firsts, during, searchable, rebuilds, found = [], [], [], [], []
    try:
        for _cycle in range(args.cycles):
            for step, text in (("change", original + MARKER.encode()), ("restore", original)):
                document.write_bytes(text)
                t = time.perf_counter()
                report = app.indexer().run()
                rebuilds.append(time.perf_counter() - t)
                assert report.updated == [args.change], report.to_dict()
                done_at = time.perf_counter()
                latencies, i = [], 0
                while True:  # questions back to back until the new table is live
                    generation = retriever.tables.latest().generation
                    t = time.perf_counter()
                    assistant.ask(QUESTIONS[i % len(QUESTIONS)])
                    latencies.append((time.perf_counter() - t) * 1000)
                    i += 1
                    if generation == app.store.generation() and retriever.tables.latest().exact:
                        break
                    if time.perf_counter() - done_at > 600:
                        raise RuntimeError("the table was not reloaded within 10 minutes")
                searchable.append(time.perf_counter() - done_at)
                firsts.append(latencies[0])
                during += latencies[:-1] or latencies
                quoted = any("Zorblatt" in c.text for c in assistant.ask(MARKER_QUESTION).citations)
                found.append(quoted == (step == "change"))
                retriever.refresh()  # the save, before the next change
    finally:
        if document.read_bytes() != original:
            document.write_bytes(original)
            app.indexer().run()
    rss, peak = memory_mb()
    out.update(after_rebuild_first_ms=firsts, during_reload_ms=during, searchable_s=searchable,
               rebuild_s=rebuilds, marker_found=all(found), rss_mb=rss, peak_rss_mb=peak)
    print(json.dumps(out), flush=True)


# -- building the indexes (once per workdir) -----------------------------------------------------------------
def build_synthetic(workdir: Path, chunks: int) -> tuple[Path, Path]:
    """The corpus and index of about `chunks` chunks, built with stand-in vectors unless already there."""
    from synthetic import write_corpus

    corpus, index = workdir / f"corpus-{chunks}", workdir / f"index-{chunks}"
    if (index / "chroma.sqlite3").is_file():
        return corpus, index
    if not corpus.is_dir():
        log(f"writing {round(chunks / CHUNKS_PER_DOCUMENT):,} synthetic documents into {corpus}")
        write_corpus(corpus, round(chunks / CHUNKS_PER_DOCUMENT))
    log(f"indexing {corpus} with stand-in vectors (long for large sizes) ...")
    subprocess.run([sys.executable, __file__, "--build", "--corpus", str(corpus), "--index", str(index)], check=True)
    return corpus, index


def build_index(args) -> None:
    from stand_in_embedding import StandInEmbedder

    from assistant.indexing import Indexer
    from assistant.settings import load_settings
    from assistant.store import IndexStore

    from assistant.index_events import Committed, Planned

    settings = load_settings(args.corpus, args.index)
    embedder = None if args.real_model else StandInEmbedder()
    t = time.perf_counter()
    progress = {"planned": 0, "committed": 0, "logged": 0}

    def on_event(event) -> None:  # a line every 5% of the documents, for a long build run in the background
        if isinstance(event, Planned):
            progress["planned"] = event.documents
            log(f"{event.documents:,} documents to index")
        elif isinstance(event, Committed):
            progress["committed"] += event.documents
            if progress["committed"] - progress["logged"] >= max(1, progress["planned"] // 20):
                progress["logged"] = progress["committed"]
                log(f"committed {progress['committed']:,} of {progress['planned']:,} documents "
                    f"in {time.perf_counter() - t:.0f} s")

    report = Indexer(settings, IndexStore(settings.index), embedder).run(on_event=on_event)
    log(f"indexed {report.documents:,} documents, {report.chunks:,} chunks in {time.perf_counter() - t:.0f} s")


def build_seed(workdir: Path) -> tuple[Path, Path]:
    corpus, index = workdir / "corpus-seed", workdir / "index-seed"
    if not corpus.is_dir():
        corpus.mkdir(parents=True)
        for name in ("japan-us-tariff-talks.txt", "japan-us-tariff-talks.txt.meta.json"):
            shutil.copyfile(ROOT / "corpus" / name, corpus / name)
    if not (index / "chroma.sqlite3").is_file():
        subprocess.run([sys.executable, __file__, "--build", "--real-model", "--corpus", str(corpus),
                        "--index", str(index)], check=True)
    return corpus, index


# -- the run ------------------------------------------------------------------------------------------------
def run_node(corpus: Path, index: Path, change: str, args, cold: bool) -> dict:
    if cold:
        shutil.rmtree(index / "keyword", ignore_errors=True)
    command = [sys.executable, __file__, "--node", "--corpus", str(corpus), "--index", str(index), "--change", change,
               "--passes", str(args.passes), "--cycles", str(args.cycles), "--started-at", repr(time.time())]
    done = subprocess.run(command + (["--cold"] if cold else []), capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"node failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def measure(label: str, corpus: Path, index: Path, change: str, args) -> dict:
    load = os.getloadavg()[0]
    log(f"{label}: cold node ...")
    cold = run_node(corpus, index, change, args, cold=True)
    log(f"{label}: node ...")
    warm = run_node(corpus, index, change, args, cold=False)
    log(f"{label}: {json.dumps(warm)}")
    return {"label": label, "cold": cold, "node": warm, "load_before": load, "load_after": os.getloadavg()[0]}


def table(rows: list[dict]) -> str:
    base = rows[0]["node"]
    head = ("| corpus | chunks | warm ask p50 ms (CPU ms) | p95 ms | p50 ÷ base | first question after a one-document rebuild ms"
            " (median, max) | ÷ warm p50 | questions during the reload p50 / max ms | change searchable after s |"
            " restart to first answer s (model and store, table + answer; CPU s) | ÷ base | cold start, table read from"
            " Chroma s | RSS MB (peak) | ÷ base |")
    lines = [head, "|" + "---|" * 14]
    for row in rows:
        n, cold = row["node"], row["cold"]
        firsts, during = n["after_rebuild_first_ms"], n["during_reload_ms"]
        first = percentile(firsts, 50)
        lines.append(
            f"| {row['label']} | {n['chunks']:,} | {n['warm_p50_ms']:.1f} ({n['warm_cpu_p50_ms']:.1f}) | "
            f"{n['warm_p95_ms']:.1f} | "
            f"{n['warm_p50_ms'] / base['warm_p50_ms']:.2f} | {first:.1f}, {max(firsts):.1f} | "
            f"{first / n['warm_p50_ms']:.2f} | {percentile(during, 50):.1f} / {max(during):.1f} "
            f"(n={len(during)}) | {percentile(n['searchable_s'], 50):.1f} | {n['restart_s']:.1f} "
            f"({n['open_and_model_s']:.1f}, {n['first_answer_s']:.1f}; CPU {n['restart_cpu_s']:.1f}) | "
            f"{n['restart_s'] / base['restart_s']:.2f} | "
            f"{cold['first_answer_s']:.1f} | {n['rss_mb']:.0f} ({n['peak_rss_mb']:.0f}) | "
            f"{n['rss_mb'] / base['rss_mb']:.2f} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="15000,50000,150000",
                        help="chunk counts, comma-separated (default 15000,50000,150000); any size works")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/assistant-scale"),
                        help="where corpora and indexes are built and kept for the next run (default %(default)s)")
    parser.add_argument("--passes", type=int, default=3, help=f"passes over the {len(QUESTIONS)} warm questions "
                        "(default 3)")
    parser.add_argument("--cycles", type=int, default=2,
                        help="change-and-restore cycles of one document per node (default 2: four rebuilds)")
    parser.add_argument("--json", type=Path, help="also write the raw measurements to this file")
    # internal: the node and build processes
    parser.add_argument("--node", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--build", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--real-model", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--cold", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--index", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--change", help=argparse.SUPPRESS)
    parser.add_argument("--started-at", type=float, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.node:
        return node(args)
    if args.build:
        return build_index(args)

    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    args.workdir.mkdir(parents=True, exist_ok=True)
    log(f"machine: {os.cpu_count()} CPUs, Python {platform.python_version()}, load average {os.getloadavg()}")
    rows = [measure("seed corpus (baseline)", *build_seed(args.workdir), "japan-us-tariff-talks.txt", args)]
    for size in sizes:
        if args.json:  # as it goes: a node that fails later does not lose the rows measured
            args.json.write_text(json.dumps(rows, indent=1), encoding="utf-8")
        corpus, index = build_synthetic(args.workdir, size)
        rows.append(measure(f"synthetic {size:,}", corpus, index, "article-00000.txt", args))
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1), encoding="utf-8")
    print(f"\nMeasured {time.strftime('%Y-%m-%d %H:%M %Z')}, {os.cpu_count()} CPUs, load average before/after each row:",
          ", ".join(f"{r['load_before']:.1f}/{r['load_after']:.1f}" for r in rows))
    print(table(rows))


if __name__ == "__main__":
    main()
