"""What the benchmarks share: percentiles (numpy's, linear between ranks) and a free local port."""

from __future__ import annotations

import socket

import numpy as np


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0..100) of `values`."""
    return float(np.percentile(values, q))


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
