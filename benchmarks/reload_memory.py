"""Peak resident memory of one background reload of the chunk table, on a node restarted from its saved table.

The process opens a built index as a restarted app node does (the table memory-mapped from the keyword cache; the
saved table is made first, from Chroma, if there is none), answers like a node (a keyword search on both BM25
indexes, a vector query, which loads Chroma's HNSW index), then makes the table believe one document changed and
runs the reload a rebuild would start (`LiveTable`'s reload thread body: the new table built reusing every other
document, swapped in, saved as the new generation). Printed: resident memory before the reload, the peak during it
(reload and save), after it, and the reload's wall and CPU seconds. The model is not loaded (about 500 MB more in
a real node, the same before and after). The index is only read; the saved table of its generation is rewritten.

Example:
    python benchmarks/reload_memory.py --index /work/bench-scale/index-150000
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import json
import os
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")


def memory_mb() -> tuple[float, float]:
    """(resident now, peak resident since the last reset) of this process, in MB."""
    fields = dict(line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines())
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], epilog=__doc__.split("\n\n", 2)[2],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--index", type=Path, required=True, help="a built index folder")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()

    import numpy as np

    from assistant import live_table
    from assistant.chunk_table import build_table
    try:
        from assistant.chunk_table import give_back_memory
    except ImportError:  # the code before issue 12's memory work, for a before/after comparison
        give_back_memory = live_table._give_back_memory
    from assistant.keyword_cache import KeywordCache, cache_folder
    from assistant.settings import load_settings
    from assistant.store import IndexStore

    settings = load_settings(args.index / "no-corpus", args.index)
    store = IndexStore(settings.index)
    cache = KeywordCache(cache_folder(settings.index))
    generation = store.generation()
    table = cache.load(generation)
    if table is None:  # made once, in a separate process, so the measured one starts as a restart does
        started = time.perf_counter()
        cache.save(build_table(store))
        print(f"saved the table read from Chroma in {time.perf_counter() - started:.1f} s; measuring in a fresh process",
              file=sys.stderr, flush=True)
        os.execv(sys.executable, [sys.executable, *sys.argv])
    table.bm25.get_scores(["tariff", "japan"])
    table.doc_bm25.get_scores(["tariff"])
    store.chunks.query(query_embeddings=[np.ones(384).tolist()], n_results=5)
    store.chunks.get(ids=[table.passages[0].chunk_id], include=["documents", "metadatas"])

    changed = sorted(table.documents)[len(table.documents) // 2]
    info = dataclasses.replace(table.documents[changed], version="not-" + table.documents[changed].version)
    live = live_table.LiveTable(store, cache)
    live._table = dataclasses.replace(table, documents={**table.documents, changed: info})
    live._stale = True
    del table
    shutil.rmtree(cache.folder / generation)  # still mapped, so readable: the reload's save writes it anew
    gc.collect()
    give_back_memory()
    Path("/proc/self/clear_refs").write_text("5")  # reset the peak
    before, _ = memory_mb()
    started, cpu = time.perf_counter(), time.process_time()
    live._reload()
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu
    after, peak = memory_mb()
    figures = {"chunks": len(live.latest().passages), "documents": len(live.latest().documents),
               "rss_before_mb": round(before), "peak_mb": round(peak), "rss_after_mb": round(after),
               "reload_s": round(seconds, 2), "reload_cpu_s": round(cpu_seconds, 2), "load": os.getloadavg()[0]}
    print(json.dumps(figures))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
