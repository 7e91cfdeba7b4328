"""Shared fixtures: every data folder points into `tmp_path`, and nothing reaches the network.

The tests use the real parts: the packaged MiniLM model (loaded once per process through the
lru-cached `assistant.embedding.load_model`), real Chroma folders, real PDF and .docx files. The CLI runs
in-process (`run_cli`, click's CliRunner) so it shares that model; a real `python -m assistant` process
(`run_cli_process`, `cli_env` for Popen) is kept for the tests where the process is the point. The web app is
served in-process too (`build_app`, `running`; `server` and `client` for a module), and one Chromium serves every
browser test of the session (`browser`).

`make test` runs the suite on two pytest-xdist workers, a whole test file at a time on one worker
(`-n 2 --dist loadfile --no-loadscope-reorder`; `make test PYTEST_WORKERS=0` runs it in one process). "The session" of a
session-scoped fixture is then a worker's: each worker loads the model once, starts its own Chromium when it runs a
browser test, and keeps its own Gradio upload folder (below); `reuters_dev` is built once, by the worker running
test_eval_gate.py, its only user. The files are handed out in the order `pytest_collection_modifyitems` puts them in
on a worker: the longest first (SLOWEST_FIRST), so that no worker is left running one long file at the end.
"""

from __future__ import annotations

import atexit
import gc
import io
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEED_CORPUS = ROOT / "corpus"
SEED_DOC = "japan-us-tariff-talks.txt"

# Set before any test module imports the Hugging Face stack or Chroma.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
# As assistant/embedding.py sets it for the app: torch's OpenMP threads sleep when out of work instead of spinning.
# libgomp reads it once, when torch is first imported, and a test module (test_device) imports torch before
# anything imports assistant.embedding: unset here, the whole session ran with spinning threads.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
# Gradio keeps uploads in one folder per machine (/tmp/gradio), names them by their content's hash and prunes it:
# two suites running at once on one machine removed each other's uploads mid-test. Each session gets its own, and so
# does each pytest-xdist worker (a process of its own that imports this file, before any test module imports gradio;
# Gradio reads the variable when an app is made).
_GRADIO_UPLOADS = tempfile.mkdtemp(prefix="assistant-tests-gradio-")
os.environ["GRADIO_TEMP_DIR"] = _GRADIO_UPLOADS
atexit.register(shutil.rmtree, _GRADIO_UPLOADS, ignore_errors=True)


# Test files by their time in the suite, longest first (measured: docs/benchmarks.md, "Test suite"); the files not
# named follow in their usual order. Only the order in which pytest-xdist hands whole files to the workers changes.
SLOWEST_FIRST = (
    "test_eval_gate.py",  # the Reuters index (~330 articles) and two gates
    "test_index_robustness.py",  # `python -m assistant` processes: killed, watched, guarded, read during a rebuild
    "test_rebuild_lease.py",  # 16 and 8 simultaneous `assistant index` processes
    "test_ui_browser.py",
    "test_api.py",
    "test_ui_daily_use.py",
    "test_indexing.py",
    "test_ui_access.py",
    "test_llm_answering.py",
    "test_nodes.py",
    "test_startup.py",
    "test_table_reload.py",
    "test_answering.py",
    "test_dead_store.py",
    "test_ui_documents.py",
    "test_sentence_vectors.py",
)


def pytest_collection_modifyitems(config, items):
    """On a pytest-xdist worker, the longest test files first (a stable sort: each file's tests keep their order).
    Every worker sorts alike, and with --no-loadscope-reorder the controller hands out the files in this order."""
    if not hasattr(config, "workerinput"):  # one process: the usual order
        return
    rank = {name: n for n, name in enumerate(SLOWEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))


# Python's full garbage collections walk every object the process holds. A worker ends the suite holding about a
# million (libraries, the model, indexes, caches), and it ran 20-30 full collections (the automatic ones, several
# while torch and the like are imported, and run_cli's), each 0.4-0.7 s by the end, 10-20 s a worker; and 3-15 s
# more at exit, where the interpreter runs several (finalize_modules) while the controller waits. So, in the test
# process only (subprocesses collect as the app does): no automatic full collections (the young generations are
# still collected, and most garbage dies young); a full one after collection and after each test file, once its
# module fixtures are gone; and what is alive then is frozen out of later collections (`gc.freeze`, as `assistant
# serve` does after its start: assistant/heap.py), so that each walks only what was made since. Nothing is frozen
# before a collection, so no garbage is; a frozen object that dies later is still freed by reference counting (a
# cycle of them is left to the process's exit).
PYTHON_GC_THRESHOLD = gc.get_threshold()  # what the app's processes run with (test_startup's heap tests use it)
gc.set_threshold(*PYTHON_GC_THRESHOLD[:2], 1_000_000)


def _collect_and_freeze() -> None:
    gc.collect()
    gc.freeze()


def pytest_collection_finish(session):
    _collect_and_freeze()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    yield
    if nextitem is None or nextitem.path != item.path:  # the file's last test: its module fixtures are torn down
        _collect_and_freeze()


def pytest_unconfigure(config):
    gc.freeze()  # nothing left for the exit's collections to walk


@pytest.fixture(autouse=True)
def _isolated_environment(tmp_path, monkeypatch):
    """Point the corpus and index folders at tmp_path and keep every library offline and quiet."""
    monkeypatch.setenv("ASSISTANT_CORPUS_DIR", str(tmp_path / "corpus"))
    monkeypatch.setenv("ASSISTANT_INDEX_DIR", str(tmp_path / "index"))
    monkeypatch.delenv("ASSISTANT_CHROMA_URL", raising=False)
    monkeypatch.delenv("ASSISTANT_USERS_FILE", raising=False)  # login off unless a test turns it on
    monkeypatch.delenv("ASSISTANT_REPORTS_DIR", raising=False)
    for name in ("ASSISTANT_CHATS_DB", "ASSISTANT_SUITES_DIR", "ASSISTANT_FEEDBACK_SUITE"):
        monkeypatch.delenv(name, raising=False)  # conversations in the index folder, feedback items nowhere real
    monkeypatch.delenv("ASSISTANT_DEVICE", raising=False)  # auto: the CPU here
    for name in list(os.environ):  # a developer's shell LLM setting must not reach the tests
        if name.startswith("ASSISTANT_LLM_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("TRANSFORMERS_OFFLINE", "1")
    monkeypatch.setenv("GRADIO_ANALYTICS_ENABLED", "False")
    monkeypatch.setenv("ANONYMIZED_TELEMETRY", "False")


@pytest.fixture
def corpus_dir(tmp_path) -> Path:
    """An empty corpus folder (the one ASSISTANT_CORPUS_DIR names)."""
    path = tmp_path / "corpus"
    path.mkdir(exist_ok=True)
    return path


@pytest.fixture
def index_dir(tmp_path) -> Path:
    """The index folder (the one ASSISTANT_INDEX_DIR names); not created, the store makes it."""
    return tmp_path / "index"


@pytest.fixture
def seed_corpus(corpus_dir) -> Path:
    """The corpus folder holding a copy of the seed article and its metadata sidecar."""
    for name in (SEED_DOC, SEED_DOC + ".meta.json"):
        shutil.copyfile(SEED_CORPUS / name, corpus_dir / name)
        (corpus_dir / name).chmod(0o644)
    return corpus_dir


@pytest.fixture
def write_corpus(corpus_dir):
    """Write files into the corpus: `write_corpus({"a.txt": "text", "b.pdf": b"bytes"})` -> corpus_dir."""

    def write(files: dict[str, str | bytes]) -> Path:
        for name, content in files.items():
            path = corpus_dir / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        return corpus_dir

    return write


@pytest.fixture
def make_indexer(corpus_dir, index_dir):
    """Build an `Indexer` the way the CLI does (`composition.build_indexer`); keyword overrides go to settings.

    `make_indexer(max_file_mb=1)` sets `settings.index.max_file_mb`; `make_indexer(chunking=...)` replaces a group.
    """
    from assistant.composition import build_indexer
    from assistant.settings import load_settings

    def make(**overrides):
        settings = load_settings(corpus_dir, index_dir)
        for key, value in overrides.items():
            if hasattr(settings, key):
                setattr(settings, key, value)
            else:
                setattr(settings.index, key, value)
        return build_indexer(settings)

    return make


@pytest.fixture
def settings(corpus_dir, index_dir):
    """`Settings` for the tmp corpus and index folders (environment overrides applied)."""
    from assistant.settings import load_settings

    return load_settings(corpus_dir, index_dir)


@pytest.fixture(scope="session")
def model():
    """The packaged SentenceTransformer, shared by every test of the session."""
    from assistant.embedding import load_model

    return load_model()


@pytest.fixture(scope="session")
def make_pdf():
    """Real PDF bytes from reportlab: `make_pdf([["line", ...], ...pages], user_password=None, title=None)`."""

    def make(pages: list[list[str]], user_password: str | None = None, title: str | None = None) -> bytes:
        from reportlab.lib import pdfencrypt
        from reportlab.lib.pagesizes import A4
        from reportlab.pdfgen import canvas

        encrypt = None
        if user_password is not None:
            encrypt = pdfencrypt.StandardEncryption(user_password, ownerPassword=user_password + "-owner")
        buffer = io.BytesIO()
        pdf = canvas.Canvas(buffer, pagesize=A4, encrypt=encrypt, invariant=1)
        if title:
            pdf.setTitle(title)
        for lines in pages:
            y = 800
            for line in lines:
                pdf.drawString(72, y, line)
                y -= 16
            pdf.showPage()
        pdf.save()
        return buffer.getvalue()

    return make


@pytest.fixture(scope="session")
def make_docx():
    """Real .docx bytes from python-docx: `make_docx(["paragraph", ...], title=None, table=None)`."""

    def make(paragraphs: list[str], title: str | None = None, table: list[list[str]] | None = None) -> bytes:
        import docx

        document = docx.Document()
        if title:
            document.core_properties.title = title
        for text in paragraphs:
            document.add_paragraph(text)
        if table:
            grid = document.add_table(rows=len(table), cols=len(table[0]))
            for r, row in enumerate(table):
                for c, cell in enumerate(row):
                    grid.cell(r, c).text = cell
        buffer = io.BytesIO()
        document.save(buffer)
        return buffer.getvalue()

    return make


def _cli_env(**extra: str | None) -> dict[str, str]:
    """The environment for an `assistant` subprocess: the test's own (tmp folders, offline) plus `extra`.

    A value of None removes the variable, e.g. to check that the code stays offline without HF_HUB_OFFLINE.
    """
    env = dict(os.environ)
    env.update({"PYTHONUNBUFFERED": "1", "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1",
                "ANONYMIZED_TELEMETRY": "False", "GRADIO_ANALYTICS_ENABLED": "False"})
    for key, value in extra.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


@pytest.fixture
def cli_env():
    """`cli_env(ASSISTANT_EMBED_BATCH_SIZE="4")` -> environment dict for an `assistant` subprocess (Popen)."""
    return _cli_env


@pytest.fixture
def run_cli(monkeypatch):
    """Run `assistant ARGS...` in this process: `run_cli("index", "--json", env={...}, input="...")`.

    Returns a CompletedProcess (returncode, stdout, stderr) like `run_cli_process`, without starting Python and
    loading the model again. `env` is applied for the run only (None removes a variable); the working folder is
    the project's, as for a user running the command there. An exception the CLI does not handle ends up in
    stderr as a traceback, as it would for a real process.
    """
    from click.testing import CliRunner

    from assistant.cli import main

    monkeypatch.chdir(ROOT)

    def run(*args: str, env: dict[str, str | None] | None = None, input: str | None = None):
        result = CliRunner().invoke(main, list(args), env=env, input=input)
        stderr = result.stderr
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            stderr += "".join(traceback.format_exception(*result.exc_info))
        completed = subprocess.CompletedProcess(["assistant", *args], result.exit_code, result.stdout, stderr)
        # The run's progress bars sit in exception-frame cycles: collect them now. Once a test builds the web
        # app, Gradio patches tqdm for the whole process, and a bar made before that and collected after it
        # fails in tqdm.__del__ (an unraisable-exception warning in some later test).
        del result
        gc.collect()
        return completed

    return run


@pytest.fixture
def run_cli_process():
    """Run `python -m assistant ARGS...` as a real process to completion:
    `run_cli_process("index", "--json", env={...}, timeout=120)`. For what only a fresh interpreter shows
    (e.g. a sitecustomize guard, no offline switches in the environment); otherwise use `run_cli`."""

    def run(*args: str, env: dict[str, str | None] | None = None, timeout: float = 180) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "assistant", *args], cwd=ROOT, env=_cli_env(**(env or {})),
            capture_output=True, text=True, timeout=timeout,
        )

    return run


def bound_socket() -> socket.socket:
    """A socket bound to a free 127.0.0.1 port (the caller closes it)."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    return sock


def free_port() -> int:
    """A port free now, for a server in another process (one in this process takes `bound_socket` itself)."""
    with bound_socket() as sock:
        return sock.getsockname()[1]


class ChromaServer:
    """A real `chroma run` on 127.0.0.1 over a folder in tmp; `stop()` kills it, `start()` brings it back on the
    same port and folder (the tests of a dead vector store need both)."""

    def __init__(self, path: Path, port: int):
        self.path, self.port, self.url, self.process = path, port, f"http://127.0.0.1:{port}", None
        self.executable = Path(sys.executable).parent / "chroma"
        if not self.executable.exists():
            self.executable = Path(shutil.which("chroma") or "")
        assert self.executable.is_file(), "the chroma executable must be installed with chromadb"

    def start(self, timeout: float = 60) -> ChromaServer:
        import requests

        self.process = subprocess.Popen(
            [str(self.executable), "run", "--path", str(self.path), "--host", "127.0.0.1", "--port", str(self.port)],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + timeout
        while True:
            assert self.process.poll() is None, f"chroma server exited: {self.process.stderr.read()[-2000:]}"
            try:
                if requests.get(f"{self.url}/api/v2/heartbeat", timeout=2).ok:
                    return self
            except requests.ConnectionError:
                pass
            assert time.monotonic() < deadline, f"chroma server did not answer its heartbeat within {timeout} s"
            time.sleep(0.05)

    def stop(self) -> None:
        """Kill the server (SIGKILL: a crash, not a shutdown) and wait until it is gone."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=30)


@pytest.fixture
def chroma_server(tmp_path):
    """A running Chroma server of this test's own, on a free port; killed at the end."""
    server = ChromaServer(tmp_path / "chroma-server", free_port()).start()
    yield server
    server.stop()


REUTERS_CORPUS = ROOT / "tests" / "data" / "reuters-dev" / "corpus"
REUTERS_TRAIN = ROOT / "tests" / "eval" / "reuters-dev" / "train.jsonl"


@pytest.fixture(scope="session")
def reuters_dev(tmp_path_factory):
    """An index of the development suite's train sources plus every sixth other article as distractors
    (about 330 wire articles), built once per test session; yields the Assistant over it."""
    from assistant.composition import build
    from assistant.evaluation.suite import load_suite
    from assistant.settings import load_settings

    root = tmp_path_factory.mktemp("reuters-dev")
    corpus, index = root / "corpus", root / "index"
    corpus.mkdir()
    sources = {s for item in load_suite(REUTERS_TRAIN) for s in item.sources}
    others = sorted((p.name for p in REUTERS_CORPUS.glob("*.txt") if p.name not in sources),
                    key=lambda name: int(name.split(".")[0]))
    for name in sorted(sources) + others[::6]:
        for file in (name, name + ".meta.json"):
            shutil.copyfile(REUTERS_CORPUS / file, corpus / file)
    settings = load_settings(corpus, index)
    settings.llm.mode = "none"
    app = build(settings, create_index=True)
    app.indexer().run()
    yield app.assistant


# -- the web app, served in this process (it shares the loaded model) ------------------------------------------------
@contextmanager
def running(app):
    """Serve `app` with uvicorn on a free 127.0.0.1 port in a thread; yield its URL."""
    import uvicorn

    # The server gets the bound socket itself: a port found free and released could be taken by the other test
    # worker before the server bound it.
    sock = bound_socket()
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",
                                           timeout_graceful_shutdown=2))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the app server did not start"
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(15)
        sock.close()


_seed_index: list[Path] = []  # this process's index of the seed article (`_copy_seed_index`)


def _copy_seed_index(index: Path) -> None:
    """Put a copy of an index of the seed article at `index`. The index is built once per process by the indexer
    (`assistant index`'s), over a corpus of the seed article alone, and copied for each app: each build embedded the
    same nine chunks again (~0.45 CPU-s, about 25 apps in the suite). The app's own indexer run then finds the seed
    unchanged; with other chunking or model settings its fingerprint differs and the run embeds it afresh."""
    if not _seed_index:
        from assistant.composition import build_indexer
        from assistant.settings import load_settings

        root = Path(tempfile.mkdtemp(prefix="assistant-tests-seed-index-"))
        atexit.register(shutil.rmtree, root, ignore_errors=True)
        corpus = root / "corpus"
        corpus.mkdir()
        for name in (SEED_DOC, SEED_DOC + ".meta.json"):
            shutil.copyfile(SEED_CORPUS / name, corpus / name)
        indexer = build_indexer(load_settings(corpus, root / "index"))
        indexer.run()
        indexer.store.client.close()
        _seed_index.append(root / "index")
    shutil.copytree(_seed_index[0], index)


def build_app(root: Path, seed: bool = True, llm=None, access=None):
    """Corpus (a copy of the seed article) and index under `root` (a copy of the process's index of it), the
    services, and the web app over them.

    `llm` (LLMSettings) configures an LLM; by default none, whatever the developer's ASSISTANT_LLM_* say.
    `access` (AccessSettings) sets the users file (login on) and the login limits."""
    from assistant.composition import build
    from assistant.settings import LLMSettings, load_settings
    from assistant.web.server import create_app

    corpus = root / "corpus"
    corpus.mkdir(parents=True)
    if seed:
        for name in (SEED_DOC, SEED_DOC + ".meta.json"):
            shutil.copyfile(SEED_CORPUS / name, corpus / name)
    settings = load_settings(corpus, root / "index")
    settings.llm = llm or LLMSettings(mode="none")  # a developer's ASSISTANT_LLM_* must not reach the test server
    settings.evaluation.reports_dir = root / "reports"
    settings.evaluation.suites_dir = root / "eval"  # "Add to suite" writes here, never into the project's tests/eval
    if access is not None:
        settings.access = access
    if seed and settings.index.store_mode == "local":
        _copy_seed_index(settings.index.index_dir)
    parts = build(settings, create_index=True)
    parts.indexer().run()
    return SimpleNamespace(assistant=parts.assistant, rebuilds=parts.rebuilds, corpus=corpus, chats=parts.chats,
                           feedback_suite=parts.feedback_suite, app=create_app(parts))


@pytest.fixture(scope="module")
def server(tmp_path_factory, request):
    """The web app over a copy of the seed article, served for one module (each module that asks gets its own: the
    tests change its corpus); its `url`, `corpus`, `rebuilds`, `assistant`, `chats` and `feedback_suite`."""
    parts = build_app(tmp_path_factory.mktemp(request.module.__name__.removeprefix("test_")))
    with running(parts.app) as url:
        parts.url = url
        yield parts


@pytest.fixture(scope="module")
def client(server):
    """A gradio_client on the module's `server`."""
    from gradio_client import Client

    client = Client(server.url, verbose=False, analytics_enabled=False)
    yield client
    client.close()


# -- one browser for the session -------------------------------------------------------------------------------------
CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def chromium() -> str:
    """Debian's chromium, installed with apt once when missing and running as root; else skip with why."""
    if Path(CHROMIUM).exists():
        return CHROMIUM
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        pytest.skip(f"{CHROMIUM} is missing and apt-get cannot run here (not root): install Debian's chromium")
    result = subprocess.run("apt-get update -qq && apt-get install -y -qq chromium", shell=True,
                            capture_output=True, text=True, timeout=600)
    if result.returncode != 0 or not Path(CHROMIUM).exists():
        print(result.stderr[-2000:])
        pytest.skip(f"could not install chromium with apt-get (exit {result.returncode}); see the output above")
    return CHROMIUM


@pytest.fixture(scope="session")
def browser(chromium):
    """One Chromium (Playwright) for every browser test of the session; each test opens pages or a context of its
    own and closes them."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        yield browser
        browser.close()
