"""/api/health latency while clients loop wrong passwords (issue 9.3).

Starts `assistant serve` with login on (a subprocess over a fresh index of the corpus and a users file of
its own), then measures a monitor polling `GET /api/health` with good credentials from 127.0.0.1: first with
no attack (the baseline), then while ATTACKERS processes, each from its own loopback address
(127.0.0.10, .11, ...), loop wrong passwords as fast as answers come: the page's login form (`POST /login`)
and HTTP Basic on `/api/health`, alternately, guessing the admin's password and passwords of made-up names.
The server is started twice: with the default failed-login limits, and with the limits set out of reach
(the password checks still off the event loop), to show what the limits add. Prints a markdown table.

    python benchmarks/login_attack.py                       # --attackers 8 --seconds 15
    python benchmarks/login_attack.py --attackers 8 --seconds 30 --corpus corpus
"""

from __future__ import annotations

import argparse
import base64
import http.client
import multiprocessing
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from measuring import free_port, percentile  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

MONITOR, ADMIN = ("monitor", "monitor-secret-1"), ("alice", "admin-secret-2")
OUT_OF_REACH = {"ASSISTANT_LOGIN_MAX_FAILURES": "1000000000", "ASSISTANT_LOGIN_ADDRESS_MAX_FAILURES": "1000000000"}


def basic(name: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{name}:{password}".encode()).decode()


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def start_server(corpus: Path, index: Path, users: Path, port: int, extra_env: dict) -> subprocess.Popen:
    env = dict(os.environ, GRADIO_ANALYTICS_ENABLED="False", HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1",
               ANONYMIZED_TELEMETRY="False", ASSISTANT_USERS_FILE=str(users), **extra_env)
    return subprocess.Popen([sys.executable, "-m", "assistant", "serve", "--corpus", str(corpus), "--index", str(index),
                             "--host", "127.0.0.1", "--port", str(port)], env=env, cwd=ROOT)


def request(conn: http.client.HTTPConnection, method: str, path: str, headers: dict, body: str | None = None) -> int:
    conn.request(method, path, body=body, headers=headers)
    response = conn.getresponse()
    response.read()
    return response.status


def wait_until_up(port: int, server: subprocess.Popen, timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the server exited with code {server.returncode}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            if request(conn, "GET", "/api/health", {"Authorization": basic(*MONITOR)}) == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise SystemExit(f"the server did not answer /api/health within {timeout:.0f} s")


def attacker(k: int, port: int, stop, counts) -> None:
    """Loop wrong passwords from 127.0.0.(10+k): the login form and Basic auth, alternately."""
    conn = None
    n = 0
    while not stop.is_set():
        name = ADMIN[0] if n % 2 == 0 else f"user{k}-{n}"
        try:
            conn = conn or http.client.HTTPConnection("127.0.0.1", port, timeout=60,
                                                      source_address=(f"127.0.0.{10 + k}", 0))
            if n % 4 < 2:
                status = request(conn, "POST", "/login", {"Content-Type": "application/x-www-form-urlencoded"},
                                 f"username={name}&password=guess-{n}")
            else:
                status = request(conn, "GET", "/api/health", {"Authorization": basic(name, f"guess-{n}")})
        except (OSError, http.client.HTTPException):
            conn, status = None, 0
        with counts.get_lock():
            counts[{400: 0, 401: 0, 429: 1}.get(status, 2)] += 1
        n += 1


def monitor(port: int, seconds: float) -> tuple[list[float], int]:
    """Sequential GET /api/health with good credentials for `seconds`: latencies in ms and errors."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Authorization": basic(*MONITOR)}
    latencies, errors = [], 0
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        start = time.perf_counter()
        try:
            ok = request(conn, "GET", "/api/health", headers) == 200
        except (OSError, http.client.HTTPException):
            conn, ok = http.client.HTTPConnection("127.0.0.1", port, timeout=60), False
        latencies.append((time.perf_counter() - start) * 1000)
        errors += not ok
        time.sleep(0.02)  # a poller, not a load generator
    return latencies, errors


def run(label: str, corpus: Path, index: Path, users: Path, extra_env: dict, attackers: int, seconds: float) -> list:
    port = free_port()
    server = start_server(corpus, index, users, port, extra_env)
    rows = []
    try:
        wait_until_up(port, server)
        monitor(port, 2)  # warm up (the monitor's first check pays scrypt once, then the cache answers)
        cpu = cpu_seconds(server.pid)
        base, base_errors = monitor(port, seconds)
        rows.append((f"{label}: no attack", base, base_errors, None, cpu_seconds(server.pid) - cpu, seconds))
        stop, counts = multiprocessing.Event(), multiprocessing.Array("q", 3)  # failed, refused (429), other
        procs = [multiprocessing.Process(target=attacker, args=(k, port, stop, counts), daemon=True)
                 for k in range(attackers)]
        for proc in procs:
            proc.start()
        time.sleep(1)
        cpu, before = cpu_seconds(server.pid), list(counts)
        under, under_errors = monitor(port, seconds)
        cpu, during = cpu_seconds(server.pid) - cpu, [b - a for a, b in zip(before, counts)]
        stop.set()
        for proc in procs:
            proc.join(10)
        rows.append((f"{label}: {attackers} attackers", under, under_errors, during, cpu, seconds))
    finally:
        server.terminate()
        server.wait(30)
    return [(*row, statistics.median(rows[0][1]), percentile(rows[0][1], 95)) for row in rows]


def main() -> None:
    from assistant.access import add_user

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--attackers", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=15.0, help="length of each measurement")
    parser.add_argument("--corpus", default=str(ROOT / "corpus"))
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="login-attack-"))
    users = work / "users.json"
    add_user(users, *ADMIN, admin=True)
    add_user(users, *MONITOR)
    load_before = os.getloadavg()[0]
    rows = run("default limits", Path(args.corpus), work / "index", users, {}, args.attackers, args.seconds)
    rows += run("limits out of reach", Path(args.corpus), work / "index", users, OUT_OF_REACH, args.attackers,
                args.seconds)

    print(f"\n{platform.python_version()}, {os.cpu_count()} CPUs, load average before {load_before:.1f}, "
          f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}\n")
    print("| run | health requests | errors | p50 ms | p95 ms | p50 / baseline | p95 / baseline "
          "| wrong-password attempts/s (checked / refused 429) | server CPU |")
    print("|---|---|---|---|---|---|---|---|---|")
    for label, latencies, errors, counts, cpu, seconds, base50, base95 in rows:
        p50, p95 = statistics.median(latencies), percentile(latencies, 95)
        attempts = "–" if counts is None else f"{counts[0] / seconds:,.0f} / {counts[1] / seconds:,.0f}" + (
            f" ({counts[2]} other)" if counts[2] else "")
        print(f"| {label} | {len(latencies)} | {errors} | {p50:.1f} | {p95:.1f} | {p50 / base50:.1f}× "
              f"| {p95 / base95:.1f}× | {attempts} | {cpu / seconds:.0%} |")


if __name__ == "__main__":
    main()
