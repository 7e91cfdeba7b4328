"""The web app under load: concurrent gradio_client sessions asking through the `ask` endpoint.

Starts `assistant serve` itself on a free 127.0.0.1 port (a subprocess over a freshly built index) and times
its cold start to the first answer (the index present), measures in this process the `Assistant.ask` p50 and
p95 on the same index as the baseline, then one web session alone (and one `POST /api/ask` client), then
the load; prints a markdown table per mode.

- back-to-back (the default): SESSIONS sessions (20) asking back to back for SECONDS (30).
- paced: SESSIONS sessions (50) for SECONDS (120), each waiting a random 3-8 s (--pause) between an answer and
  its next question, as people do, and starting at a random moment of the first pause; the goal is no
  errors and a p95 of at most 300 ms on 2 cores.

Each session is, by default (--client browser), what a browser tab does to run a Gradio event: it posts the question
to the page's queue (`POST /gradio_api/queue/join`, the `ask` endpoint's fn_index from `/config`, its own
session_hash) and reads the answer from the queue's event stream (`GET /gradio_api/queue/data`, server-sent events,
until `close_stream`), over one keep-alive connection pool of its own; all sessions run on one asyncio loop in this
process. `--client gradio_client` runs each session as a `gradio_client.Client` instead (the same two requests, but
it opens two new connections and builds two HTTP clients per question, and runs a thread per session: on the 2
CPUs it shares with the server it costs more CPU per answer than the server does). Either way the client's CPU is
reported beside the server's.

    python benchmarks/ui_load.py
    python benchmarks/ui_load.py --mode paced
    python benchmarks/ui_load.py --mode both      # both loads against the same server and baseline
    python benchmarks/ui_load.py --mode paced --client gradio_client   # the sessions as gradio_client Clients
    python benchmarks/ui_load.py --sessions 20 --seconds 30 --corpus corpus --dataset tests/eval/suite.jsonl
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from measuring import free_port, percentile  # noqa: E402

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")


def start_server(corpus: Path, index: Path, port: int) -> subprocess.Popen:
    env = dict(os.environ, GRADIO_ANALYTICS_ENABLED="False", HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1",
               ANONYMIZED_TELEMETRY="False")
    env.pop("ASSISTANT_USERS_FILE", None)
    return subprocess.Popen([sys.executable, "-m", "assistant", "serve", "--corpus", str(corpus), "--index", str(index),
                             "--host", "127.0.0.1", "--port", str(port)], env=env)


def wait_until_up(url: str, server: subprocess.Popen, timeout: float = 300) -> None:
    import requests

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the server exited with code {server.returncode}")
        try:
            if requests.get(f"{url}/api/health", timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.1)
    raise SystemExit(f"the server did not answer {url}/api/health within {timeout:.0f} s")


def first_answer(url: str, question: str) -> None:
    """Ask over `POST /api/ask` until an answer comes back (the first may wait for the model to load)."""
    import requests

    response = requests.post(f"{url}/api/ask", json={"question": question}, timeout=120)
    response.raise_for_status()
    if "answer" not in response.json():
        raise SystemExit(f"unexpected first answer: {response.text[:200]}")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def ask_endpoint(url: str, api_name: str = "ask") -> int:
    """The fn_index of the page's event `api_name`, as the page's own script finds it: from `/config`."""
    import requests

    config = requests.get(f"{url}/config", timeout=30).json()
    return next(d["id"] for d in config["dependencies"] if d.get("api_name") == api_name)


class BrowserSession:
    """One browser tab asking through the Gradio queue, as the page's script does: join, then the event stream."""

    def __init__(self, http, url: str, fn_index: int) -> None:
        self.http, self.url, self.fn_index = http, url, fn_index
        self.session_hash = uuid.uuid4().hex[:11]

    async def ask(self, question: str) -> dict:
        joined = await self.http.post(f"{self.url}/gradio_api/queue/join", json={
            "data": [question], "fn_index": self.fn_index, "session_hash": self.session_hash,
            "event_data": None, "trigger_id": None})
        joined.raise_for_status()
        event_id = joined.json()["event_id"]
        result, buffer = None, ""
        async with self.http.stream("GET", f"{self.url}/gradio_api/queue/data",
                                    params={"session_hash": self.session_hash}) as stream:
            stream.raise_for_status()
            async for text in stream.aiter_text():
                buffer += text
                while "\n\n" in buffer:
                    line, buffer = buffer.split("\n\n", 1)
                    if not line.startswith("data:"):
                        continue
                    message = json.loads(line[5:])
                    if message["msg"] == "process_completed" and message.get("event_id") == event_id:
                        if not message.get("success"):
                            raise RuntimeError(f"event failed: {str(message.get('output'))[:80]}")
                        result = message["output"]["data"][0]
                    elif message["msg"] == "close_stream":
                        if result is None:
                            raise RuntimeError("the stream closed before the answer")
                        return result
        raise RuntimeError("the stream ended without close_stream")


def browser_load(url: str, questions: list[str], sessions: int, seconds: float,
                 pause: tuple[float, float] | None = None, seed: int = 7) -> tuple[list[float], list[str]]:
    """As `load`, each session a `BrowserSession` with its own keep-alive connection pool, all on one asyncio loop."""
    import httpx

    fn_index = ask_endpoint(url)
    latencies: list[float] = []
    errors: list[str] = []

    async def session(k: int, http, deadline: float) -> None:
        rng, tab = random.Random(seed * 1000 + k), BrowserSession(http, url, fn_index)
        if pause:  # people do not all press Send at the same moment
            await asyncio.sleep(rng.uniform(0, pause[1]))
        i = k
        while time.monotonic() < deadline:
            question = questions[i % len(questions)]
            i += sessions
            started = time.perf_counter()
            try:
                result = await tab.ask(question)
                if not isinstance(result, dict) or "answer" not in result:
                    raise ValueError(f"unexpected result {str(result)[:80]}")
            except Exception as exc:  # counted and shown, the run goes on
                errors.append(f"{type(exc).__name__}: {exc}")
            else:
                latencies.append((time.perf_counter() - started) * 1000)
            if pause:
                wait = rng.uniform(*pause)
                if time.monotonic() + wait >= deadline:
                    break
                await asyncio.sleep(wait)

    async def run() -> None:
        clients = [httpx.AsyncClient(timeout=120) for _ in range(sessions)]
        try:
            deadline = time.monotonic() + seconds
            await asyncio.gather(*(session(k, clients[k], deadline) for k in range(sessions)))
        finally:
            for client in clients:
                await client.aclose()

    asyncio.run(run())
    return latencies, errors


def browser_alone(url: str, questions: list[str]) -> list[float]:
    """Latencies of one `BrowserSession` asking `questions` one after the other (after one warm-up question)."""
    import httpx

    async def run() -> list[float]:
        async with httpx.AsyncClient(timeout=120) as http:
            tab, latencies = BrowserSession(http, url, ask_endpoint(url)), []
            await tab.ask(questions[0])
            for question in questions:
                started = time.perf_counter()
                await tab.ask(question)
                latencies.append((time.perf_counter() - started) * 1000)
            return latencies

    return asyncio.run(run())


def load(url: str, questions: list[str], sessions: int, seconds: float,
         pause: tuple[float, float] | None = None, seed: int = 7) -> tuple[list[float], list[str]]:
    """Each session is its own gradio_client Client asking until the time is up: back to back, or with `pause`
    (a random wait between its bounds, in seconds) after each answer and before the first question."""
    from gradio_client import Client

    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    clients = [Client(url, verbose=False, analytics_enabled=False) for _ in range(sessions)]
    ready = threading.Barrier(sessions + 1)
    deadline = [0.0]

    def session(k: int) -> None:
        client, rng = clients[k], random.Random(seed * 1000 + k)
        ready.wait()
        if pause:  # people do not all press Send at the same moment
            time.sleep(rng.uniform(0, pause[1]))
        i = k
        while time.monotonic() < deadline[0]:
            question = questions[i % len(questions)]
            i += sessions
            started = time.perf_counter()
            try:
                result = client.predict(question, api_name="/ask")
                if not isinstance(result, dict) or "answer" not in result:
                    raise ValueError(f"unexpected result {str(result)[:80]}")
            except Exception as exc:  # counted and shown, the run goes on
                with lock:
                    errors.append(f"{type(exc).__name__}: {exc}")
            else:
                with lock:
                    latencies.append((time.perf_counter() - started) * 1000)
            if pause:
                wait = rng.uniform(*pause)
                if time.monotonic() + wait >= deadline[0]:
                    break
                time.sleep(wait)

    threads = [threading.Thread(target=session, args=(k,), daemon=True) for k in range(sessions)]
    for thread in threads:
        thread.start()
    deadline[0] = time.monotonic() + seconds
    ready.wait()
    for thread in threads:
        thread.join(seconds + 120)
    for client in clients:
        client.close()
    return latencies, errors


class Mode:
    """One load of a run: its settings, and what it measured."""

    def __init__(self, name: str, sessions: int, seconds: float, pause: tuple[float, float] | None,
                 client: str = "browser") -> None:
        self.name, self.sessions, self.seconds, self.pause, self.client = name, sessions, seconds, pause, client
        self.latencies: list[float] = []
        self.errors: list[str] = []
        self.server_cpu = self.client_cpu = 0.0
        self.load_average = 0.0

    def run(self, url: str, questions: list[str], server_pid: int) -> None:
        server_cpu, client_cpu = cpu_seconds(server_pid), cpu_seconds(os.getpid())
        run = browser_load if self.client == "browser" else load
        self.latencies, self.errors = run(url, questions, self.sessions, self.seconds, self.pause)
        self.server_cpu = cpu_seconds(server_pid) - server_cpu
        self.client_cpu = cpu_seconds(os.getpid()) - client_cpu
        self.load_average = os.getloadavg()[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mode", choices=("back-to-back", "paced", "both"), default="back-to-back")
    parser.add_argument("--sessions", type=int, default=None, help="default: 20 back to back, 50 paced")
    parser.add_argument("--seconds", type=float, default=None, help="default: 30 back to back, 120 paced")
    parser.add_argument("--pause", type=float, nargs=2, default=(3.0, 8.0), metavar=("MIN", "MAX"),
                        help="paced mode: seconds a session waits between questions (default 3 8)")
    parser.add_argument("--client", choices=("browser", "gradio_client", "both"), default="browser",
                        help="what each session is (see above); both: each load once with each, browser first")
    parser.add_argument("--corpus", default="corpus")
    parser.add_argument("--dataset", default="tests/eval/suite.jsonl", help="questions are taken from this suite")
    parser.add_argument("--index", default=None, help="index folder (default: a fresh temporary one)")
    args = parser.parse_args()
    modes = []
    clients = ("browser", "gradio_client") if args.client == "both" else (args.client,)
    for client in clients:
        if args.mode in ("back-to-back", "both"):
            modes.append(Mode("back-to-back", args.sessions or 20, args.seconds or 30.0, None, client))
        if args.mode in ("paced", "both"):
            modes.append(Mode("paced", args.sessions or 50, args.seconds or 120.0, tuple(args.pause), client))

    import requests
    from gradio_client import Client

    from assistant.evaluation import load_suite
    from assistant.composition import build
    from assistant.settings import load_settings

    questions = [item.question for item in load_suite(args.dataset)]
    index = Path(args.index or tempfile.mkdtemp(prefix="ui-load-"))
    settings = load_settings(Path(args.corpus), index)
    app = build(settings, create_index=True)
    report = app.indexer().run()
    assistant = app.assistant
    assistant.ask(questions[0])  # warm-up
    load_before = os.getloadavg()[0]
    baseline = [assistant.ask(q).latency_ms for q in questions]  # before the server starts, and again after

    port = free_port()
    url = f"http://127.0.0.1:{port}"
    launched = time.perf_counter()
    server = start_server(Path(args.corpus), index, port)
    try:
        wait_until_up(url, server)
        first_answer(url, questions[0])
        cold_start = time.perf_counter() - launched
        single = Client(url, verbose=False, analytics_enabled=False)
        single.predict(questions[0], api_name="/ask")  # warm-up
        alone = []
        for q in questions[:30]:
            started = time.perf_counter()
            single.predict(q, api_name="/ask")
            alone.append((time.perf_counter() - started) * 1000)
        single.close()
        tab_alone = browser_alone(url, questions[:30])
        rest = []
        for q in questions[:30]:
            started = time.perf_counter()
            requests.post(f"{url}/api/ask", json={"question": q}, timeout=60).raise_for_status()
            rest.append((time.perf_counter() - started) * 1000)
        for mode in modes:
            mode.run(url, questions, server.pid)
    finally:
        server.terminate()
        server.wait(30)
    baseline += [assistant.ask(q).latency_ms for q in questions]
    load_after = os.getloadavg()[0]

    base_p50, base_p95 = percentile(baseline, 50), percentile(baseline, 95)
    print(f"\n{os.cpu_count()} CPUs, Python {platform.python_version()}; corpus: {report.documents} documents, "
          f"{report.chunks} chunks; {len(questions)} suite questions asked in rotation; "
          f"1-minute load average {load_before:.1f} before, "
          + ", ".join(f"{m.load_average:.1f} after the {m.name} load ({m.client})" for m in modes)
          + f", {load_after:.1f} at the end\n")
    print("| measure | value |")
    print("|---|---|")
    print(f"| cold start of `assistant serve` to its first answer (index present; goal ≤ 8 s) | {cold_start:.1f} s |")
    print(f"| p50 latency, one browser-like queue session alone | {statistics.median(tab_alone):.0f} ms |")
    print(f"| p50 latency, one gradio_client session alone | {statistics.median(alone):.0f} ms |")
    print(f"| p50 latency, one client of `POST /api/ask` alone | {statistics.median(rest):.0f} ms |")
    print(f"| in-process `Assistant.ask` p50 / p95 (baseline, before and after the load) | "
          f"{base_p50:.0f} ms / {base_p95:.0f} ms |")
    for mode in modes:
        print_mode(mode, base_p50, base_p95)


def print_mode(mode: Mode, base_p50: float, base_p95: float) -> None:
    latencies, errors, answers = mode.latencies, mode.errors, max(len(mode.latencies), 1)
    p50 = percentile(latencies, 50) if latencies else float("nan")
    p95 = percentile(latencies, 95) if latencies else float("nan")
    how = "back to back" if mode.pause is None else f"pausing {mode.pause[0]:g}-{mode.pause[1]:g} s between questions"
    goal = "" if mode.pause is None else " (goal: 0)"
    print(f"\n**{mode.name}**: {mode.sessions} sessions × {mode.seconds:g} s, {how}; each session "
          + ("a browser-like queue client" if mode.client == "browser" else "a gradio_client Client") + "\n")
    print("| measure | value |")
    print("|---|---|")
    print(f"| requests | {len(latencies) + len(errors)} |")
    print(f"| errors{goal} | {len(errors)} |")
    print(f"| throughput | {len(latencies) / mode.seconds:.1f} answers/s |")
    print(f"| p50 latency under load | {p50:.0f} ms |")
    print(f"| p95 latency under load{'' if mode.pause is None else ' (goal ≤ 300 ms)'} | {p95:.0f} ms |")
    print(f"| p50 under load / baseline p50 | {p50 / base_p50:.1f}× |")
    print(f"| p95 under load / baseline p95 | {p95 / base_p95:.1f}× |")
    print(f"| server CPU per answer under load | {mode.server_cpu / answers * 1000:.0f} ms |")
    print(f"| client ({mode.client}, this process) CPU per answer under load | "
          f"{mode.client_cpu / answers * 1000:.0f} ms |")
    print(f"| 1-minute load average at the end of this load | {mode.load_average:.1f} |")
    for error in sorted(set(errors))[:5]:
        print(f"\nerror: {error}")


if __name__ == "__main__":
    main()
