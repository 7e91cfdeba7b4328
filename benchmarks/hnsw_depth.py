"""What ef_search 500 costs at scale: Chroma HNSW query latency and recall@60 at ef_search 100 and 500, per size.

assistant/store.py raises the chunks collection's HNSW `ef_search` from Chroma's default, 100, to 500
(`hnsw_ef_search`, `_explore_enough`). On the 3,590-chunk development index 500 found 99.98% of the 60 nearest
chunks against 98.2% at 100, for a few ms per query; what it costs at 150,000 chunks was never measured. This
measures both settings in the same run, per collection size: p50/p95 of `collection.query(n_results=60)` and
recall@60 against exact neighbours found by brute force (numpy, cosine). The ef-100 row of each size is the baseline
of its "÷ ef 100" column.

The collection is created as the store creates its chunks collection (`hnsw:space` cosine, Chroma's other HNSW
defaults, `embedding_function=None`, a PersistentClient with telemetry off). It holds vectors only (no documents or
metadata), so the times are the vector search plus Chroma's per-query overhead, not a whole `ask`. The vectors are
384-d stand-ins (benchmarks/stand_in_embedding.py: hashed bag-of-words directions, normalised) of chunk-like texts
of 3-7 sentences from benchmarks/synthetic.py (about as long as its articles' chunks); each query is the stand-in
vector of 8 words sampled from a random chunk.

Chroma reads `ef_search` when a process first loads the index: a `collection.modify(...)` after the first query
leaves that process searching at the old depth, even through a new client or collection object. So each setting is
measured in a fresh process (this script with --worker) that calls modify first, as `_explore_enough` does, reads
the setting back, runs 10 warm-up queries, then times each query. Collections are built once per size into --workdir
(DIR/chroma-N) and reused when they already hold N vectors. Prints a markdown table and the load average before and
after (the machine may be shared: compare rows of the same run).

Examples:
    python benchmarks/hnsw_depth.py --help
    python benchmarks/hnsw_depth.py --sizes 3000                               # quick check (temporary folder)
    python benchmarks/hnsw_depth.py --workdir /tmp/hnsw-bench                  # 15,000 and 150,000 chunks
    python benchmarks/hnsw_depth.py --sizes 15000 50000 --queries 500 --json hnsw.json --workdir /tmp/hnsw-bench
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

import numpy as np  # noqa: E402
from measuring import percentile  # noqa: E402

COLLECTION = "bench_chunks"
K = 60  # the project retrieves 60 chunks
EF_BASELINE, EF_PROJECT = 100, 500  # Chroma's default; assistant/settings.py hnsw_ef_search
WARMUP = 10


def chunk_texts(count: int, seed: int) -> list[str]:
    """`count` deterministic chunk-like texts: 3-7 of synthetic.py's news sentences each."""
    from synthetic import sentence

    rng = random.Random(seed)
    return [" ".join(sentence(rng) for _ in range(rng.randint(3, 7))) for _ in range(count)]


def query_texts(texts: list[str], count: int, seed: int) -> list[str]:
    """Short question-like texts: 8 words sampled from a random chunk each."""
    rng = random.Random(seed + 1)
    queries = []
    for _ in range(count):
        words = rng.choice(texts).split()
        queries.append(" ".join(rng.sample(words, min(8, len(words)))))
    return queries


def vectors(texts: list[str]) -> np.ndarray:
    from stand_in_embedding import _vector

    matrix = np.array([_vector(t) for t in texts], dtype=np.float32)
    return matrix / np.maximum(np.linalg.norm(matrix, axis=1, keepdims=True), 1e-9)


def exact_neighbours(queries: np.ndarray, corpus: np.ndarray, k: int = K) -> np.ndarray:
    """Row i: the indices of the k chunks most cosine-similar to query i (both sides normalised)."""
    rows = []
    for start in range(0, len(queries), 50):  # 50 x 150,000 similarities at a time
        sims = queries[start:start + 50] @ corpus.T
        top = np.argpartition(-sims, k - 1, axis=1)[:, :k]
        rows.append(top)
    return np.vstack(rows)


def open_client(folder: Path):
    import chromadb

    from assistant.store import _chroma_settings

    folder.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(folder), settings=_chroma_settings())


def build(folder: Path, corpus: np.ndarray) -> float:
    """Make sure DIR holds a collection of exactly these vectors; returns the seconds spent adding (0: reused)."""
    client = open_client(folder)
    size = len(corpus)
    names = {getattr(c, "name", c) for c in client.list_collections()}
    if COLLECTION in names:
        collection = client.get_collection(COLLECTION, embedding_function=None)
        if collection.count() == size:
            probe = [0, size // 2, size - 1]
            stored = collection.get(ids=[f"c{i}" for i in probe], include=["embeddings"])
            found = dict(zip(stored["ids"], np.asarray(stored["embeddings"], dtype=np.float32)))
            if all(np.allclose(found.get(f"c{i}", 0), corpus[i], atol=1e-5) for i in probe):
                print(f"  reusing {folder} ({size:,} vectors)", file=sys.stderr)
                return 0.0
        print(f"  {folder} holds other vectors: rebuilding", file=sys.stderr)
        client.delete_collection(COLLECTION)
    # as assistant/store.py creates its chunks collection
    collection = client.get_or_create_collection(COLLECTION, metadata={"hnsw:space": "cosine"},
                                                 embedding_function=None)
    batch = client.get_max_batch_size() if hasattr(client, "get_max_batch_size") else 5000
    started = time.perf_counter()
    for start in range(0, size, batch):
        stop = min(start + batch, size)
        collection.add(ids=[f"c{i}" for i in range(start, stop)], embeddings=corpus[start:stop])
        print(f"\r  added {stop:,}/{size:,} ({time.perf_counter() - started:.0f} s)", end="", file=sys.stderr,
              flush=True)
    print(file=sys.stderr)
    return time.perf_counter() - started


def worker(folder: Path, ef: int, queries_file: Path, out: Path) -> None:
    """In a fresh process: set ef_search before the first query (as _explore_enough does), then time queries."""
    client = open_client(folder)
    collection = client.get_collection(COLLECTION, embedding_function=None)
    collection.modify(configuration={"hnsw": {"ef_search": ef}})
    read_back = client.get_collection(COLLECTION, embedding_function=None).configuration["hnsw"]["ef_search"]
    queries = np.load(queries_file)
    started = time.perf_counter()
    collection.query(query_embeddings=[queries[0]], n_results=K)  # loads the index
    first_ms = (time.perf_counter() - started) * 1000
    for vector in queries[1:WARMUP]:
        collection.query(query_embeddings=[vector], n_results=K)
    times, found = [], []
    for vector in queries:
        started = time.perf_counter()
        result = collection.query(query_embeddings=[vector], n_results=K)
        times.append((time.perf_counter() - started) * 1000)
        found.append([int(i[1:]) for i in result["ids"][0]])
    out.write_text(json.dumps({"ef_read_back": read_back, "first_query_ms": first_ms, "ms": times, "ids": found}))


def measure(folder: Path, ef: int, queries_file: Path, exact: np.ndarray) -> dict:
    out = folder.parent / f"result-{folder.name}-ef{ef}.json"
    subprocess.run([sys.executable, str(Path(__file__).resolve()), "--worker", str(folder), str(ef),
                    str(queries_file), str(out)], check=True)
    data = json.loads(out.read_text())
    out.unlink()
    recalls = [len(set(ids) & set(row.tolist())) / K for ids, row in zip(data["ids"], exact)]
    return {"ef_search": ef, "ef_read_back": data["ef_read_back"], "first_query_ms": data["first_query_ms"],
            "p50_ms": percentile(data["ms"], 50), "p95_ms": percentile(data["ms"], 95),
            "recall_at_60": float(np.mean(recalls)), "min_recall": float(np.min(recalls)),
            "queries": len(data["ms"])}


def sizes_arg(values: list[str]) -> list[int]:
    return [int(v.replace("_", "")) for value in values for v in value.split(",") if v]


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> None:
    if len(sys.argv) == 6 and sys.argv[1] == "--worker":
        worker(Path(sys.argv[2]), int(sys.argv[3]), Path(sys.argv[4]), Path(sys.argv[5]))
        return
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", nargs="+", default=["15000", "150000"],
                        help="collection sizes in chunks, spaces or commas (default 15000 150000)")
    parser.add_argument("--queries", type=int, default=200, help="timed queries per setting (default 200, min 10)")
    parser.add_argument("--workdir", type=Path,
                        help="keep the collections in DIR/chroma-N and reuse them (default: a temporary folder)")
    parser.add_argument("--seed", type=int, default=7, help="seed of the synthetic texts and queries (default 7)")
    parser.add_argument("--json", type=Path, help="also write the results to this JSON file")
    args = parser.parse_args()
    sizes = sizes_arg(args.sizes)
    if args.queries < WARMUP:
        parser.error(f"--queries must be at least {WARMUP}")

    load_before = load()
    print(f"load average before: {load_before} ({os.cpu_count()} CPUs)")
    rows, builds = [], {}
    with tempfile.TemporaryDirectory(prefix="hnsw-depth-") as tmp:
        home = args.workdir or Path(tmp)
        home.mkdir(parents=True, exist_ok=True)
        for size in sizes:
            print(f"{size:,} chunks:", file=sys.stderr)
            started = time.perf_counter()
            texts = chunk_texts(size, args.seed)
            corpus = vectors(texts)
            queries = vectors(query_texts(texts, args.queries, args.seed))
            exact = exact_neighbours(queries, corpus)
            print(f"  texts, vectors and exact neighbours: {time.perf_counter() - started:.1f} s", file=sys.stderr)
            folder = home / f"chroma-{size}"
            builds[size] = build(folder, corpus)
            del corpus, texts
            queries_file = home / f"queries-{size}.npy"
            np.save(queries_file, queries)
            for ef in (EF_BASELINE, EF_PROJECT):
                row = measure(folder, ef, queries_file, exact)
                row["chunks"] = size
                rows.append(row)
                print(f"  ef_search {ef}: read back {row['ef_read_back']}, first query (index load) "
                      f"{row['first_query_ms']:.0f} ms, recall@60 {row['recall_at_60']:.4f}", file=sys.stderr)
            queries_file.unlink()
    load_after = load()

    print("\n| chunks | ef_search | p50 ms | p95 ms | p50 ÷ ef 100 | recall@60 |")
    print("|---|---|---|---|---|---|")
    base = {r["chunks"]: r["p50_ms"] for r in rows if r["ef_search"] == EF_BASELINE}
    for r in rows:
        print(f"| {r['chunks']:,} | {r['ef_search']} | {r['p50_ms']:.2f} | {r['p95_ms']:.2f} | "
              f"{r['p50_ms'] / base[r['chunks']]:.2f} | {100 * r['recall_at_60']:.2f}% |")
    print(f"\n{args.queries} queries per row after {WARMUP} warm-up, each setting in a fresh process; "
          f"build (add) seconds: " + ", ".join(f"{s:,}: {'reused' if t == 0 else f'{t:.0f}'}"
                                               for s, t in builds.items()))
    for r in rows:
        if r["ef_read_back"] != r["ef_search"]:
            print(f"WARNING: {r['chunks']:,} chunks: ef_search read back {r['ef_read_back']}, not {r['ef_search']}")
    print(f"load average before: {load_before}; after: {load_after}")
    if args.json:
        args.json.write_text(json.dumps({"rows": rows, "build_seconds": builds, "queries": args.queries,
                                         "load_before": load_before, "load_after": load_after}, indent=2))


if __name__ == "__main__":
    main()
