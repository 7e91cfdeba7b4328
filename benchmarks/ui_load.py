"""The web app under load: concurrent gradio_client sessions asking through the `ask` endpoint.

Starts `assistant serve` itself on a free 127.0.0.1 port (a subprocess over a freshly built index),
measures in this process the `Assistant.ask` p50 on the same index as the baseline, then one web session
alone (and one `POST /api/ask` client), then SESSIONS sessions asking back to back for SECONDS; prints a
markdown table.

    python benchmarks/ui_load.py
    python benchmarks/ui_load.py --sessions 20 --seconds 30 --corpus corpus --dataset tests/eval/suite.jsonl
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
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
        time.sleep(0.5)
    raise SystemExit(f"the server did not answer {url}/api/health within {timeout:.0f} s")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def load(url: str, questions: list[str], sessions: int, seconds: float) -> tuple[list[float], list[str]]:
    """Each session is its own gradio_client Client asking back to back until the time is up."""
    from gradio_client import Client

    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    clients = [Client(url, verbose=False, analytics_enabled=False) for _ in range(sessions)]
    ready = threading.Barrier(sessions + 1)
    deadline = [0.0]

    def session(k: int) -> None:
        client = clients[k]
        ready.wait()
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
                continue
            with lock:
                latencies.append((time.perf_counter() - started) * 1000)

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--corpus", default="corpus")
    parser.add_argument("--dataset", default="tests/eval/suite.jsonl", help="questions are taken from this suite")
    parser.add_argument("--index", default=None, help="index folder (default: a fresh temporary one)")
    args = parser.parse_args()

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
    server = start_server(Path(args.corpus), index, port)
    try:
        wait_until_up(url, server)
        single = Client(url, verbose=False, analytics_enabled=False)
        single.predict(questions[0], api_name="/ask")  # warm-up
        alone = []
        for q in questions[:30]:
            started = time.perf_counter()
            single.predict(q, api_name="/ask")
            alone.append((time.perf_counter() - started) * 1000)
        single.close()
        rest = []
        for q in questions[:30]:
            started = time.perf_counter()
            requests.post(f"{url}/api/ask", json={"question": q}, timeout=60).raise_for_status()
            rest.append((time.perf_counter() - started) * 1000)
        server_cpu, client_cpu = cpu_seconds(server.pid), cpu_seconds(os.getpid())
        latencies, errors = load(url, questions, args.sessions, args.seconds)
        server_cpu, client_cpu = cpu_seconds(server.pid) - server_cpu, cpu_seconds(os.getpid()) - client_cpu
    finally:
        server.terminate()
        server.wait(30)
    baseline += [assistant.ask(q).latency_ms for q in questions]
    load_after = os.getloadavg()[0]

    base_p50 = statistics.median(baseline)
    p50, p95 = percentile(latencies, 50), percentile(latencies, 95)
    print(f"\n{os.cpu_count()} CPUs, Python {platform.python_version()}; corpus: {report.documents} documents, "
          f"{report.chunks} chunks; {len(questions)} suite questions asked in rotation; "
          f"1-minute load average {load_before:.1f} before, {load_after:.1f} after\n")
    print("| measure | value |")
    print("|---|---|")
    print(f"| sessions × duration | {args.sessions} × {args.seconds:g} s |")
    print(f"| requests | {len(latencies) + len(errors)} |")
    print(f"| errors | {len(errors)} |")
    print(f"| throughput | {len(latencies) / args.seconds:.1f} answers/s |")
    print(f"| p50 latency under load | {p50:.0f} ms |")
    print(f"| p95 latency under load | {p95:.0f} ms |")
    print(f"| p50 latency, one gradio_client session alone | {statistics.median(alone):.0f} ms |")
    print(f"| p50 latency, one client of `POST /api/ask` alone | {statistics.median(rest):.0f} ms |")
    print(f"| in-process `Assistant.ask` p50 (baseline, before and after the load) | {base_p50:.0f} ms |")
    print(f"| p50 under load / baseline | {p50 / base_p50:.1f}× |")
    print(f"| server CPU per answer under load | {server_cpu / max(len(latencies), 1) * 1000:.0f} ms |")
    print(f"| client (this process) CPU per answer under load | {client_cpu / max(len(latencies), 1) * 1000:.0f} ms |")
    for error in sorted(set(errors))[:5]:
        print(f"\nerror: {error}")


if __name__ == "__main__":
    main()
