"""Many app nodes on one Chroma server (issue 12 item 4): a real `chroma run` and real `assistant serve` processes,
each with its own index folder (keyword cache, conversations), all on one corpus folder (docs/deploy.md).

    1. the Chroma server is started over --workdir/chroma and the corpus (the seed article and --documents synthetic
       news-like articles, benchmarks/synthetic.py) is indexed into it with `assistant index` (real MiniLM vectors;
       kept for the next run)
    2. baseline: node A alone, started fresh (no saved table), timed from process start to its first answer, then
       asked back to back for --seconds
    3. node B started the same way; both asked back to back (--clients each) for --seconds
    4. a new document written to the corpus and a rebuild run through node A (its Gradio `rebuild` endpoint, as the
       Rebuild button does) while both are asked; every other question asks about the new document, so the time
       from "rebuild done" to each node's first answer quoting it is seen; then --seconds more
    5. node C started later, fresh, while A and B are asked: process start to its first answer, and whether that
       answer already quotes the new document
    6. the new document deleted and the index rebuilt again through A (the corpus left as it was)

Prints, per phase and node, requests, errors, p50 and p95; the times of steps 4 and 5; the machine's load.

Examples:
    python benchmarks/nodes.py                                 # 300 articles (about 900 chunks)
    python benchmarks/nodes.py --documents 0 --seconds 10      # the seed article only, quick
    python benchmarks/nodes.py --workdir /work/bench-nodes --json nodes.json
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
from measuring import free_port, percentile  # noqa: E402

ENV = {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "ANONYMIZED_TELEMETRY": "False",
       "GRADIO_ANALYTICS_ENABLED": "False", "TOKENIZERS_PARALLELISM": "false", "ASSISTANT_LLM_MODE": "none"}
os.environ.update(ENV)

NEW_DOC = "zorblatt-levy.txt"
NEW_TEXT = ("Zorblatt council note\n\nThe Zorblatt trade council set a levy of 17% on quince exports from Ruritania "
            "on May 9, its chair told reporters.\n")
NEW_QUESTION = "What levy did the Zorblatt trade council set on quince exports?"
QUESTIONS = ["What is Japan's reciprocal rate?", "When will Japan open talks with Vietnam?",
             "Who leads Japan's negotiations?", "What duty applies to steel tariffs?",
             "Does Mexico plan to retaliate?", "How much is the tariff on Japanese cars?"]


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


class ChromaServer:
    def __init__(self, path: Path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        chroma = Path(sys.executable).parent / "chroma"
        self.process = subprocess.Popen([str(chroma), "run", "--path", str(path), "--host", "127.0.0.1",
                                         "--port", str(self.port)], stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL)
        wait_for(lambda: _get(f"{self.url}/api/v2/heartbeat"), self.process, "the Chroma server", 60)


def _get(url: str) -> bool:
    import requests

    try:
        return requests.get(url, timeout=2).ok
    except requests.RequestException:
        return False


def wait_for(ready, process: subprocess.Popen, what: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not ready():
        if process.poll() is not None:
            raise SystemExit(f"{what} exited with code {process.returncode}")
        if time.monotonic() > deadline:
            raise SystemExit(f"{what} did not answer within {timeout:.0f} s")
        time.sleep(0.05)


class Node:
    """One `assistant serve` process with its own index folder (removed first: a fresh node, no saved table)."""

    def __init__(self, name: str, corpus: Path, workdir: Path, chroma_url: str):
        import requests

        self.name, self.port = name, free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        index = workdir / f"node-{name.lower()}"
        shutil.rmtree(index, ignore_errors=True)
        env = dict(os.environ, ASSISTANT_CHROMA_URL=chroma_url)
        env.pop("ASSISTANT_USERS_FILE", None)
        self.started = time.monotonic()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "assistant", "serve", "--corpus", str(corpus), "--index", str(index),
             "--host", "127.0.0.1", "--port", str(self.port)], cwd=ROOT, env=env, stdout=subprocess.DEVNULL)
        self.first = None

        def answered() -> bool:
            try:
                response = requests.post(f"{self.url}/api/ask", json={"question": NEW_QUESTION}, timeout=120)
            except requests.RequestException:
                return False
            if response.status_code != 200:
                raise SystemExit(f"node {name}'s first question failed: {response.status_code} {response.text[:300]}")
            self.first = response.json()
            return True

        wait_for(answered, self.process, f"node {name}", 600)
        self.first_answer_s = time.monotonic() - self.started
        self.first_quotes_new = quotes_new(self.first)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def quotes_new(answer: dict) -> bool:
    return any(c["doc_id"] == NEW_DOC for c in answer["citations"])


class Asker(threading.Thread):
    """Asks one node back to back until stopped, every other question about the new document. Keeps one record per
    request: (start, end, ok, quotes the new document, error)."""

    def __init__(self, node: Node, number: int):
        super().__init__(daemon=True)
        self.node, self.number, self.halt, self.records = node, number, threading.Event(), []

    def run(self):
        import requests

        session, i = requests.Session(), self.number
        while not self.halt.is_set():
            question = NEW_QUESTION if i % 2 else QUESTIONS[(i // 2) % len(QUESTIONS)]
            i += 1
            start = time.monotonic()
            try:
                response = session.post(f"{self.node.url}/api/ask", json={"question": question}, timeout=120)
                ok = response.status_code == 200
                new = ok and question == NEW_QUESTION and quotes_new(response.json())
                error = "" if ok else f"{response.status_code} {response.text[:200]}"
            except requests.RequestException as exc:
                ok, new, error = False, False, repr(exc)
            self.records.append((start, time.monotonic(), ok, new, error))


def start_askers(node: Node, clients: int) -> list[Asker]:
    """`clients` back-to-back askers on `node`, started."""
    askers = [Asker(node, n) for n in range(clients)]
    for asker in askers:
        asker.start()
    return askers


def stats(records: list, start: float, end: float) -> dict:
    inside = [r for r in records if start <= r[0] < end]
    ms = [(r[1] - r[0]) * 1000 for r in inside if r[2]]
    errors = [r[4] for r in inside if not r[2]]
    return {"requests": len(inside), "errors": len(errors), "first_errors": errors[:3],
            "p50_ms": percentile(ms, 50) if ms else None, "p95_ms": percentile(ms, 95) if ms else None}


def ask_for(seconds: float) -> tuple[float, float]:
    """The askers running, wait `seconds`: the phase's (start, end)."""
    start = time.monotonic()
    time.sleep(seconds)
    return start, time.monotonic()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/assistant-nodes"),
                        help="corpus, Chroma server folder and node folders (default %(default)s); the index is kept")
    parser.add_argument("--documents", type=int, default=300, help="synthetic articles beside the seed (default 300)")
    parser.add_argument("--seconds", type=float, default=30, help="length of each asking phase (default 30)")
    parser.add_argument("--clients", type=int, default=1, help="back-to-back askers per node (default 1)")
    parser.add_argument("--json", type=Path, help="also write the raw figures to this file")
    args = parser.parse_args()

    from gradio_client import Client
    from synthetic import write_corpus

    workdir = args.workdir.resolve()
    corpus = workdir / f"corpus-{args.documents}"
    if not corpus.is_dir():
        write_corpus(corpus, args.documents)
        for name in ("japan-us-tariff-talks.txt", "japan-us-tariff-talks.txt.meta.json"):
            shutil.copyfile(ROOT / "corpus" / name, corpus / name)
    (corpus / NEW_DOC).unlink(missing_ok=True)
    load_before = os.getloadavg()
    chroma = ChromaServer(workdir / f"chroma-{args.documents}")
    nodes: list[Node] = []
    out = {"date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "documents": args.documents,
           "clients": args.clients, "seconds": args.seconds, "cpus": os.cpu_count(),
           "python": platform.python_version(), "load_before": load_before}
    try:
        log(f"indexing {corpus} into {chroma.url} ...")
        t = time.monotonic()
        env = dict(os.environ, ASSISTANT_CHROMA_URL=chroma.url)
        indexed = subprocess.run([sys.executable, "-m", "assistant", "index", "--json", "--corpus", str(corpus),
                                  "--index", str(workdir / "indexer")], cwd=ROOT, env=env, capture_output=True,
                                 text=True)
        if indexed.returncode:
            raise SystemExit(f"assistant index failed: {indexed.stderr[-2000:]}")
        report = json.loads(indexed.stdout)
        out.update(index_s=time.monotonic() - t, chunks=report["chunks"], indexed_documents=report["documents"])
        log(f"index: {report['documents']} documents, {report['chunks']} chunks ({out['index_s']:.0f} s)")

        log("baseline: node A alone")
        nodes.append(Node("A", corpus, workdir, chroma.url))
        askers = start_askers(nodes[0], args.clients)
        alone = ask_for(args.seconds)

        log("node B; both asked")
        nodes.append(Node("B", corpus, workdir, chroma.url))
        askers_b = start_askers(nodes[1], args.clients)
        both = ask_for(args.seconds)

        log("a rebuild through node A adding one document")
        client = Client(nodes[0].url, verbose=False, analytics_enabled=False)
        (corpus / NEW_DOC).write_text(NEW_TEXT, encoding="utf-8")
        rebuild_start = time.monotonic()
        summary = client.predict(False, api_name="/rebuild")[0]
        rebuild_done = time.monotonic()
        if f"Added: {NEW_DOC}" not in summary:
            raise SystemExit(f"the rebuild did not add {NEW_DOC}: {summary}")
        time.sleep(args.seconds)
        rebuild_window = (rebuild_start, time.monotonic())

        log("node C started later")
        nodes.append(Node("C", corpus, workdir, chroma.url))
        later_window_end = time.monotonic()

        for asker in askers + askers_b:
            asker.halt.set()
        for asker in askers + askers_b:
            asker.join(130)

        def after_done(group: list[Asker]) -> float | None:
            """Seconds from the rebuild's end (node A's reply) to the node's first answer quoting the new document;
            negative when it came before (A replies once its own table is reloaded and saved)."""
            answers = [r[1] for a in group for r in a.records if r[3]]
            return min(answers) - rebuild_done if answers else None

        def quoted_before(group: list[Asker]) -> int:
            return sum(1 for a in group for r in a.records if r[3] and r[1] < rebuild_done)

        records = {"A": [r for a in askers for r in a.records], "B": [r for a in askers_b for r in a.records]}
        out["phases"] = {
            "node A alone (baseline)": {"A": stats(records["A"], *alone)},
            "nodes A and B": {n: stats(records[n], *both) for n in "AB"},
            "rebuild through A and after": {n: stats(records[n], *rebuild_window) for n in "AB"},
            "node C starting": {n: stats(records[n], rebuild_window[1], later_window_end) for n in "AB"},
        }
        out["all"] = {n: stats(records[n], 0, float("inf")) for n in "AB"}
        out.update(rebuild_s=rebuild_done - rebuild_start, rebuild_summary=summary,
                   a_quotes_new_after_s=after_done(askers), b_quotes_new_after_s=after_done(askers_b),
                   quoted_before_done=quoted_before(askers + askers_b),
                   start_to_first_answer_s={n.name: n.first_answer_s for n in nodes},
                   first_answer_quotes_new={n.name: n.first_quotes_new for n in nodes})

        log("restoring the corpus: the new document deleted, rebuilt through node A")
        (corpus / NEW_DOC).unlink()
        summary = client.predict(False, api_name="/rebuild")[0]
        client.close()
        if f"Removed: {NEW_DOC}" not in summary:
            log(f"the restoring rebuild did not remove {NEW_DOC}: {summary}")
    finally:
        (corpus / NEW_DOC).unlink(missing_ok=True)
        for node in nodes:
            node.stop()
        chroma.process.terminate()
        chroma.process.wait(30)
    out["load_after"] = os.getloadavg()
    print(render(out))
    if args.json:
        args.json.write_text(json.dumps(out, indent=1))


def render(out: dict) -> str:
    def ms(value):
        return "-" if value is None else f"{value:.0f}"

    lines = [f"{out['date']}: {out['indexed_documents']} documents, {out['chunks']:,} chunks on one `chroma run`; "
             f"{out['clients']} back-to-back asker(s) per node; {out['cpus']} CPUs; load average before "
             f"{'/'.join(f'{x:.1f}' for x in out['load_before'])}, after {'/'.join(f'{x:.1f}' for x in out['load_after'])}",
             "", "| phase | node | requests | errors | p50 ms | p95 ms |", "|---|---|---:|---:|---:|---:|"]
    for phase, by_node in out["phases"].items():
        for name, s in by_node.items():
            lines.append(f"| {phase} | {name} | {s['requests']} | {s['errors']} | {ms(s['p50_ms'])} | "
                         f"{ms(s['p95_ms'])} |")
    for name, s in out["all"].items():
        lines.append(f"| whole run | {name} | {s['requests']} | {s['errors']} | {ms(s['p50_ms'])} | "
                     f"{ms(s['p95_ms'])} |")

    def secs(value):
        return "never" if value is None else f"{value:+.2f} s"

    starts = out["start_to_first_answer_s"]
    lines += ["", f"- rebuild through node A (one new document): {out['rebuild_s']:.2f} s",
              f"- from the rebuild's end to the first answer quoting the new document: node A "
              f"{secs(out['a_quotes_new_after_s'])}, node B {secs(out['b_quotes_new_after_s'])} (negative: before node "
              f"A's rebuild call returned; answers quoting it before then: {out['quoted_before_done']})",
              "- process start to first answer (fresh node, no saved table): "
              + ", ".join(f"node {n} {s:.1f} s" for n, s in starts.items())
              + f"; node C's first answer quotes the new document: {out['first_answer_quotes_new']['C']}"]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
