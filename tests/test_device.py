"""Where the embedding model runs (ASSISTANT_DEVICE): auto takes a GPU when torch has one, else the CPU.

This machine has no accelerator and the CPU build of torch, so the real model is checked on the CPU, the
choice between cuda, mps and cpu with torch's availability checks monkeypatched, and asking for cuda here
through the CLI, which must be one clear line and the configuration exit code (docs/contract.md).
"""

from __future__ import annotations

import pytest
import torch

from assistant.embedding import MiniLMEmbedding, available_devices, load_model, resolve_device
from assistant.errors import ConfigError


def _accelerators(monkeypatch, cuda: bool, mps: bool) -> None:
    monkeypatch.setattr(torch.cuda, "is_available", lambda: cuda)
    monkeypatch.setattr(torch.backends.mps, "is_available", lambda: mps)


@pytest.mark.parametrize(("cuda", "mps", "expected"), [
    (True, False, "cuda"), (True, True, "cuda"), (False, True, "mps"), (False, False, "cpu")])
def test_auto_prefers_cuda_then_mps_then_cpu(monkeypatch, cuda, mps, expected):
    _accelerators(monkeypatch, cuda, mps)
    assert resolve_device("auto") == expected
    assert available_devices()[0] == expected and available_devices()[-1] == "cpu"


def test_a_named_accelerator_is_used_when_present(monkeypatch):
    _accelerators(monkeypatch, cuda=True, mps=True)
    assert resolve_device("cuda") == "cuda"
    assert resolve_device("mps") == "mps"
    assert resolve_device("CPU") == "cpu"


def test_a_named_accelerator_that_is_absent_is_a_config_error_naming_the_setting(monkeypatch):
    _accelerators(monkeypatch, cuda=False, mps=True)
    with pytest.raises(ConfigError) as raised:
        resolve_device("cuda")
    message = str(raised.value)
    assert "ASSISTANT_DEVICE=cuda" in message and "available here: mps, cpu" in message and "\n" not in message
    _accelerators(monkeypatch, cuda=False, mps=False)
    with pytest.raises(ConfigError, match=r"ASSISTANT_DEVICE=mps: no mps device .* available here: cpu\."):
        resolve_device("mps")


def test_cpu_does_not_ask_torch(monkeypatch):
    def fail():
        raise AssertionError("cpu must not probe for accelerators")

    monkeypatch.setattr(torch.cuda, "is_available", fail)
    assert resolve_device("cpu") == "cpu"


def test_setting_defaults_to_auto_and_takes_any_case(monkeypatch):
    from assistant.settings import IndexSettings

    monkeypatch.delenv("ASSISTANT_DEVICE", raising=False)
    assert IndexSettings().device == "auto"
    monkeypatch.setenv("ASSISTANT_DEVICE", " CUDA ")
    assert IndexSettings().device == "cuda"
    monkeypatch.setenv("ASSISTANT_DEVICE", "")
    assert IndexSettings().device == "auto"


def test_auto_runs_the_real_model_on_the_cpu_here(model):
    # No GPU on the test machine and the CPU build of torch: auto is the CPU, and the model is one per device.
    assert resolve_device("auto") == "cpu"
    embedder = MiniLMEmbedding(device="auto")
    assert embedder.device == "cpu"
    assert {p.device.type for p in embedder._model.parameters()} == {"cpu"}
    assert embedder._model is model is load_model("cpu") is load_model()
    vectors, packed = embedder.encode_with_sentences(["Talks open Monday. Tariffs stay."], [[(0, 18), (19, 32)]])
    assert len(vectors[0]) == 384 and packed[0]
    assert MiniLMEmbedding().encode(["Talks open Monday. Tariffs stay."])[0] == pytest.approx(vectors[0], abs=1e-5)


class _DeviceTensor:
    """Stands in for a tensor on a GPU: numpy refuses it, as torch does, until it is copied with .cpu()."""

    def __init__(self, tensor):
        self.tensor = tensor

    def detach(self):
        return self

    def float(self):
        return self

    def cpu(self):
        return self.tensor.cpu()

    def __array__(self, *args, **kwargs):
        raise TypeError("can't convert cuda:0 device type tensor to numpy. Use Tensor.cpu() first.")


def test_sentence_vectors_are_copied_off_the_device(model, monkeypatch):
    # encode(output_value=None) leaves the token and sentence vectors on the model's device: the pooling of
    # sentence vectors must copy them to the CPU, and give what it gives on the CPU.
    embedder = MiniLMEmbedding()
    texts, spans = ["Talks open Monday. Tariffs stay at 24%."], [[(0, 18), (19, 39)]]
    on_cpu = embedder.encode_with_sentences(texts, spans)
    real_encode = model.encode

    def encode_on_device(*args, **kwargs):
        outputs = real_encode(*args, **kwargs)
        return [{name: _DeviceTensor(value) if isinstance(value, torch.Tensor) else value
                 for name, value in output.items()} for output in outputs]

    monkeypatch.setattr(model, "encode", encode_on_device)
    assert embedder.encode_with_sentences(texts, spans) == on_cpu


def test_cuda_asked_for_on_a_machine_without_one_is_one_line_and_exit_2(run_cli, seed_corpus, index_dir):
    result = run_cli("ask", "When do the talks open?", "--corpus", str(seed_corpus), "--index", str(index_dir),
                     env={"ASSISTANT_DEVICE": "cuda"})
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ASSISTANT_DEVICE=cuda: no cuda device is available")
    assert "available here: cpu" in lines[0] and "Traceback" not in result.stderr
    assert result.stdout == ""

    # `index` fails the same way before it opens, or creates, anything.
    result = run_cli("index", "--corpus", str(seed_corpus), "--index", str(index_dir), env={"ASSISTANT_DEVICE": "cuda"})
    assert result.returncode == 2 and result.stderr.startswith("error: ASSISTANT_DEVICE=cuda"), result.stderr
    assert not index_dir.exists()


def test_an_unknown_device_is_an_invalid_setting(run_cli, seed_corpus, index_dir):
    result = run_cli("ask", "x", "--corpus", str(seed_corpus), "--index", str(index_dir),
                     env={"ASSISTANT_DEVICE": "gpu"})
    assert result.returncode == 2, result.stderr
    assert result.stderr.strip().splitlines() == [
        "error: invalid setting device: Input should be 'auto', 'cpu', 'cuda' or 'mps'"]
