"""Index throughput: `Indexer.run()` chunks/s beside bare `SentenceTransformer.encode` chunks/s on the same texts.

The model is the bottleneck of indexing, so the bare encode of exactly the chunks the index holds (same
batch size, same process, model already loaded) is the ceiling; the ratio shows what chunking, Chroma
writes and commits cost on top (target >= 0.9). The bare encode runs once before and once after the index
run and the baseline is their mean (back-to-back encodes drift by up to 10% here). Also measured: adding
one document to the largest index (target <= 2 s) and the peak resident memory. The corpus is synthetic
news-like prose (benchmarks/synthetic.py), deterministic for a given size. Prints a markdown table on
stdout, progress on stderr.

Example:
    python benchmarks/index_throughput.py                 # sizes 1000 and 5000 documents
    python benchmarks/index_throughput.py --sizes 200     # a quick run
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

from synthetic import write_corpus  # noqa: E402


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def stored_texts(store) -> list[str]:
    """Every chunk text in the index, in storage order (paged, so large indexes fit)."""
    texts, offset, page = [], 0, 5000
    while True:
        got = store.chunks.get(include=["documents"], limit=page, offset=offset)
        texts += got["documents"]
        if len(got["ids"]) < page:
            return texts
        offset += page


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def chunk_texts(settings) -> list[str]:
    """The chunk texts `assistant index` will embed, cut the way it cuts them (to time the bare model first)."""
    from assistant.chunking import Chunker
    from assistant.documents import load_document, scan_corpus

    corpus, chunker = Path(settings.index.corpus_dir), Chunker(settings.chunking)
    return [c.text for path in scan_corpus(corpus) for c in chunker.chunk(load_document(path, corpus))]


def bare_encode(model, texts: list[str], batch: int) -> tuple[float, float]:
    """(wall, CPU) seconds of one SentenceTransformer.encode over `texts`."""
    started, cpu = time.perf_counter(), time.process_time()
    model.encode(texts, batch_size=batch, normalize_embeddings=True, convert_to_numpy=True)
    return time.perf_counter() - started, time.process_time() - cpu


def measure(size: int, workdir: Path, embedder, model) -> dict:
    from assistant.composition import build_indexer
    from assistant.settings import load_settings

    corpus, index = workdir / f"corpus-{size}", workdir / f"index-{size}"
    write_corpus(corpus, size)
    settings = load_settings(corpus, index)
    batch = settings.index.embed_batch_size
    # The bare model runs before and after the index run and the baseline is their mean: back-to-back
    # encodes of the same texts differ by up to 10% on this machine (the later one faster), which would
    # otherwise count against whichever runs first.
    texts = chunk_texts(settings)
    log(f"{size} documents: bare encode of {len(texts)} chunks (batch {batch}), before the index run")
    before, before_cpu = bare_encode(model, texts, batch)

    indexer = build_indexer(settings, embedder=embedder)
    log(f"{size} documents: indexing")
    in_model = [0.0]
    model_encode = model.encode

    def timed_encode(*args, **kwargs):  # how much of the run the model itself takes
        began = time.perf_counter()
        try:
            return model_encode(*args, **kwargs)
        finally:
            in_model[0] += time.perf_counter() - began

    model.encode = timed_encode
    started, cpu = time.perf_counter(), time.process_time()
    try:
        report = indexer.run()
    finally:
        del model.encode  # back to the class's method
    index_seconds, index_cpu = time.perf_counter() - started, time.process_time() - cpu
    assert report.chunks_embedded == report.chunks and not report.skipped, report.summary_lines()

    stored = stored_texts(indexer.store)
    assert sorted(stored) == sorted(texts), "the bare encode must run on exactly the chunks the index holds"
    log(f"{size} documents: {len(stored)} chunks indexed in {index_seconds:.1f} s; bare encode again, after")
    after, after_cpu = bare_encode(model, stored, batch)
    encode_seconds, encode_cpu = (before + after) / 2, (before_cpu + after_cpu) / 2

    (corpus / "zz-one-more.txt").write_text(
        "Japan and the United States agreed on April 30 to hold a third round of tariff talks in Tokyo. "
        "The chief negotiator said automobile duties and agricultural quotas remain the main issues.\n\n"
        "Officials expect the 24% reciprocal rate to stay in place until a framework deal is signed.",
        encoding="utf-8")
    started = time.perf_counter()
    one = indexer.run()
    add_one_seconds = time.perf_counter() - started
    assert one.added == ["zz-one-more.txt"] and one.chunks_embedded > 0, one.summary_lines()
    log(f"{size} documents: encode {before:.1f} s before, {after:.1f} s after; "
        f"one more document in {add_one_seconds:.2f} s")
    return {
        "documents": report.documents, "chunks": len(texts), "index_s": index_seconds, "model_s": in_model[0],
        "index_cps": len(texts) / index_seconds, "before_s": before, "after_s": after, "encode_s": encode_seconds,
        "encode_cps": len(texts) / encode_seconds, "add_one_s": add_one_seconds, "rss_mb": peak_rss_mb(),
        "cpu_ratio": encode_cpu / index_cpu, "load": os.getloadavg()[0],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], epilog="example: python benchmarks/index_throughput.py --sizes 1000,5000",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,5000", 
                        help="comma-separated corpus sizes in documents (default 1000,5000)")
    parser.add_argument("--workdir", type=Path, help="keep corpora and indexes here instead of a temporary folder")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]

    import torch

    from assistant.embedding import MiniLMEmbedding, load_model
    from assistant.settings import load_settings

    started = time.perf_counter()
    model = load_model()
    load_seconds = time.perf_counter() - started
    embedder = MiniLMEmbedding(embed_batch_size=load_settings().index.embed_batch_size)
    log(f"model loaded in {load_seconds:.1f} s; torch threads {torch.get_num_threads()}; "
        f"load average {os.getloadavg()}")

    rows = []
    with tempfile.TemporaryDirectory(prefix="index-bench-") as tmp:
        workdir = args.workdir or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        for size in sizes:
            rows.append(measure(size, workdir, embedder, model))

    print(f"Machine: {os.cpu_count()} cores, no GPU, {platform.python_implementation()} {platform.python_version()}, "
          f"torch {torch.__version__} ({torch.get_num_threads()} threads); load average at the end {os.getloadavg()}.")
    print(f"Model load (excluded from the rows): {load_seconds:.1f} s.\n")
    print("| documents | chunks | index run (s) | of which in the model (s) | index chunks/s "
          "| bare encode before / after (s) | bare encode chunks/s (mean) | ratio | ratio, CPU time "
          "| add one document (s) | peak RSS (MB) | load avg |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r['documents']:,} | {r['chunks']:,} | {r['index_s']:.1f} | {r['model_s']:.1f} "
              f"| {r['index_cps']:.1f} "
              f"| {r['before_s']:.1f} / {r['after_s']:.1f} "
              f"| {r['encode_cps']:.1f} | {r['index_cps'] / r['encode_cps']:.2f} | {r['cpu_ratio']:.2f} "
              f"| {r['add_one_s']:.2f} | {r['rss_mb']:.0f} | {r['load']:.1f} |")
    print("\nratio = index chunks/s ÷ bare encode chunks/s (mean of the runs before and after), wall clock "
          "(target ≥ 0.9); ratio, CPU time = the same "
          "with the process's CPU seconds, which other processes on the machine disturb far less; in the model = "
          "time inside SentenceTransformer.encode during the index run (the rest is reading, chunking and Chroma "
          "writes); add one document: "
          "`Indexer.run()` on the already-built index after one new file (target ≤ 2 s); peak RSS is the process's "
          "maximum so far; load avg = 1-minute load average when the row finished.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
