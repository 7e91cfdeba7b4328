"""What `assistant serve` skips and settles while it starts (issue 10 item 14: cold start and tail latency).

- assistant/lean_imports.py: Gradio does not rewrite .pyi stubs of component classes; sentence-transformers does not
  pull in scikit-learn (its one use of it still works, importing it then), transformers not scipy.optimize (same);
  nor does NLTK, imported for the first
  sentence split, pull in scikit-learn or scipy.stats (its parts that use them still work).
- assistant/heap.py: no full garbage collections while starting; what the start made is frozen out of later ones.
"""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# Run in a fresh interpreter: this one may have imported Gradio or scikit-learn already.
FRESH_START = textwrap.dedent("""
    import json, sys
    import numpy as np
    from assistant.embedding import load_model
    model = load_model("cpu")
    model.encode(["What is Japan's reciprocal rate?"])
    sklearn_after_model = "sklearn" in sys.modules
    optimize_after_model = "scipy.optimize" in sys.modules
    from assistant.text import sentence_spans
    spans = sentence_spans("The U.S. envoy spoke. Talks end Friday.")  # the first split imports NLTK
    optional_after_nltk = sorted(m for m in ("sklearn", "scipy.stats", "pandas") if m in sys.modules)
    from nltk.classify.scikitlearn import SklearnClassifier
    from nltk.metrics import BigramAssocMeasures
    from sklearn.naive_bayes import BernoulliNB
    classifier = SklearnClassifier(BernoulliNB()).train([({"a": True}, "x"), ({"b": True}, "y")])
    from scipy.stats import fisher_exact
    from transformers.loss import loss_for_object_detection
    cost = np.array([[4.0, 1.0, 3.0], [2.0, 0.0, 5.0], [3.0, 2.0, 2.0]])
    assignment = [a.tolist() for a in loss_for_object_detection.linear_sum_assignment(cost)]
    from scipy.optimize import linear_sum_assignment
    same_assignment = assignment == [a.tolist() for a in linear_sum_assignment(cost)]
    fisher_same = BigramAssocMeasures.fisher(3, (5, 6), 100) == fisher_exact([[3, 2], [3, 92]], alternative="less")[1]
    import assistant.web  # noqa: F401  (as assistant.web.server does, before Gradio)
    import gradio as gr
    from component_module import MyBox  # noqa: F401  a component class defined after Gradio's import
    from sentence_transformers.util import similarity
    a, b = np.random.default_rng(1).random((3, 4)), np.random.default_rng(2).random((2, 4))
    pairwise_is_stand_in = similarity.pairwise_distances.__module__ == "assistant.lean_imports"
    deferred = similarity.pairwise_distances(a, b, metric="manhattan")
    from sklearn.metrics import pairwise_distances
    print(json.dumps({"sklearn_after_model": sklearn_after_model, "optimize_after_model": optimize_after_model,
                      "same_assignment": same_assignment, "spans": spans, "optional_after_nltk": optional_after_nltk,
                      "nltk_classifies": [classifier.classify({"a": True}), classifier.classify({"b": True})],
                      "nltk_fisher_same": bool(fisher_same),
                      "pairwise_is_stand_in": pairwise_is_stand_in,
                      "same_distances": bool(np.allclose(deferred, pairwise_distances(a, b, metric="manhattan"))),
                      "real_module": type(sys.modules["sklearn.metrics"]).__name__}))
""")

COMPONENT_MODULE = textwrap.dedent("""
    import gradio as gr

    class MyBox(gr.Textbox):
        EVENTS = ["change"]
""")


@pytest.fixture(scope="module")
def fresh_start(tmp_path_factory) -> dict:
    folder = tmp_path_factory.mktemp("fresh")
    (folder / "component_module.py").write_text(COMPONENT_MODULE)
    script = folder / "start.py"
    script.write_text(FRESH_START)
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")}
    env.update(PYTHONPATH=f"{ROOT}{os.pathsep}{folder}", HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1",
               GRADIO_ANALYTICS_ENABLED="False")
    done = subprocess.run([sys.executable, str(script)], cwd=folder, capture_output=True, text=True, timeout=300,
                          env=env)
    assert done.returncode == 0, done.stderr[-3000:]
    return {"folder": folder, **json.loads(done.stdout.strip().splitlines()[-1])}


def test_gradio_writes_no_stub_for_a_component_class(fresh_start):
    # Gradio's ComponentMeta writes component_module.pyi beside a component class's module unless told not to.
    assert not (fresh_start["folder"] / "component_module.pyi").exists()


def test_the_model_loads_and_embeds_without_scikit_learn(fresh_start):
    assert fresh_start["sklearn_after_model"] is False


def test_the_model_loads_and_embeds_without_scipy_optimize(fresh_start):
    assert fresh_start["optimize_after_model"] is False


def test_transformers_use_of_scipy_optimize_still_works(fresh_start):
    assert fresh_start["same_assignment"] is True


def test_sentence_transformers_use_of_scikit_learn_still_works(fresh_start):
    assert fresh_start["pairwise_is_stand_in"] is True  # what sentence-transformers imported, until its first call
    assert fresh_start["same_distances"] is True
    assert fresh_start["real_module"] == "module"  # the stand-in was never in sys.modules


def test_sentences_split_without_nltks_optional_scikit_learn_and_scipy_stats(fresh_start):
    assert fresh_start["spans"] == [[0, 21], [22, 39]]
    assert fresh_start["optional_after_nltk"] == []  # NLTK's own import brings all three


def test_nltks_parts_that_use_scikit_learn_and_scipy_stats_still_work(fresh_start):
    assert fresh_start["nltk_classifies"] == ["x", "y"]
    assert fresh_start["nltk_fisher_same"] is True


def test_only_the_named_importers_imports_get_stand_ins():
    from assistant.lean_imports import deferred_for

    def imported(statement: str, importer: str) -> dict:
        scope = {"__name__": importer}
        exec(statement, scope)
        return scope

    with deferred_for("pkg_xyz", {"not_a_real_package_xyz": ["sub"], "not_a_real_package_xyz.sub": ["f"],
                                  "not_a_real_package_xyz.gone": None}):
        sub = imported("from not_a_real_package_xyz import sub", "pkg_xyz.module")["sub"]  # as NLTK's `svm`
        with pytest.raises(ImportError):
            imported("from not_a_real_package_xyz.gone import x", "pkg_xyz.module")
        with pytest.raises(ModuleNotFoundError):  # anyone else imports for real (here: there is nothing)
            imported("from not_a_real_package_xyz import sub", "another_module")
    assert sub.__name__ == "not_a_real_package_xyz.sub" and callable(sub.f)
    assert not any(name.startswith("not_a_real_package_xyz") for name in sys.modules)
    with pytest.raises(ModuleNotFoundError):
        sub.f()  # called: the real module is imported, and here there is none
    with pytest.raises(ModuleNotFoundError):
        imported("from not_a_real_package_xyz import sub", "pkg_xyz.module")  # after the block: for real


def test_overlapping_blocks_keep_each_others_stand_ins_and_put_the_import_function_back():
    import builtins
    from contextlib import ExitStack

    from assistant.lean_imports import deferred_for

    original = builtins.__import__
    first, second = ExitStack(), ExitStack()
    first.enter_context(deferred_for("pkg_a", {"not_a_real_module_a": ["f"]}))
    second.enter_context(deferred_for("pkg_b", {"not_a_real_module_b": ["g"]}))
    first.close()  # not the last one opened: the other block goes on
    scope = {"__name__": "pkg_b.module"}
    exec("from not_a_real_module_b import g", scope)
    assert callable(scope["g"])
    second.close()
    assert builtins.__import__ is original


def test_what_nltk_is_told_is_missing_is_missing():
    from assistant.lean_imports import NLTK_OPTIONAL_IMPORTS

    assert NLTK_OPTIONAL_IMPORTS["scipy.stats.stats"] is None
    with pytest.raises(ImportError):
        from scipy.stats.stats import betai  # noqa: F401  (what NLTK tries; it then leaves `betai` None)


def test_stand_in_answers_what_every_module_is_asked_without_importing():
    from assistant.lean_imports import deferred_for

    with deferred_for("pkg_xyz", {"not_a_real_module_xyz": ["f"]}):
        # What `from not_a_real_module_xyz import f` in a module of pkg_xyz asks the import function for.
        stand_in = __import__("not_a_real_module_xyz", {"__name__": "pkg_xyz.module"}, None, ["f"], 0)
        assert stand_in.__name__ == "not_a_real_module_xyz"
        assert not hasattr(stand_in, "__file__")  # inspect.getmodule asks this of every module
        assert not hasattr(stand_in, "__path__")  # the import system asks this of a `from ... import`
        assert callable(stand_in.f)
        assert "not_a_real_module_xyz" not in sys.modules
    with pytest.raises(ModuleNotFoundError):
        stand_in.f()  # called: the real module is imported, and here there is none


@pytest.fixture
def restored_gc():
    """The collector as the app's processes have it (conftest puts off full collections in the test process), and
    the test process's settings back after."""
    from conftest import PYTHON_GC_THRESHOLD

    threshold = gc.get_threshold()
    gc.set_threshold(*PYTHON_GC_THRESHOLD)
    yield
    gc.unfreeze()
    gc.set_threshold(*threshold)
    from assistant import heap

    heap._saved.clear()


def test_no_full_collection_while_starting_and_thresholds_back_after(restored_gc):
    from assistant import heap

    before = gc.get_threshold()
    heap.starting()
    full = gc.get_stats()[2]["collections"]
    for _ in range(300_000):  # cyclic garbage: young collections run, a full one would be due many times over
        node = []
        node.append(node)
    assert gc.get_stats()[2]["collections"] == full
    heap.started()
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() > 0


def test_collecting_restores_full_collections_for_a_long_job_while_starting(restored_gc):
    from assistant import heap

    before = gc.get_threshold()
    heap.starting()
    with heap.collecting():
        assert gc.get_threshold() == before
    assert gc.get_threshold() != before
    heap.started()


def test_serve_freezes_the_start_before_it_serves(restored_gc, monkeypatch, seed_corpus, index_dir):
    import uvicorn

    from assistant import heap
    from assistant.composition import build
    from assistant.settings import LLMSettings, load_settings
    from assistant.web import server

    settings = load_settings(seed_corpus, index_dir)
    settings.llm = LLMSettings(mode="none")
    parts = build(settings, create_index=True)
    seen = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: seen.update(frozen=gc.get_freeze_count(),
                                                                      threshold=gc.get_threshold()))
    before = gc.get_threshold()
    heap.starting()
    server.serve(parts, port=1)
    assert seen["frozen"] > 0
    assert seen["threshold"] == before


def test_a_command_freezes_its_heap_before_the_exits_last_collections(tmp_path):
    """Python's full collections at exit walked every object an `assistant` command made (the model, torch, Chroma)
    only to free memory the exit frees anyway: 0.5-1.2 s of CPU for each `assistant ask`."""
    script = textwrap.dedent(f"""
        import atexit, gc, sys
        # registered before the command's own hook, so it runs after it (atexit runs handlers last in, first out)
        atexit.register(lambda: print("frozen at exit:", gc.get_freeze_count()))
        from assistant.cli import main
        sys.argv = ["assistant", "ask", "What is Japan's reciprocal rate?", "--corpus", {str(tmp_path)!r},
                    "--index", {str(tmp_path / "index")!r}]
        main()
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120,
                            env=dict(os.environ, ANONYMIZED_TELEMETRY="False"))
    frozen = int(result.stdout.rsplit("frozen at exit:", 1)[-1])
    assert frozen > 10_000, (frozen, result.stderr[-500:])
