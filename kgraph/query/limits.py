"""How much memory a query process may take: ``--max-memory`` and its default from the machine.

Every query runs in a query process (:mod:`kgraph.query.pool`) whose address
space is capped (``RLIMIT_AS``): a query that needs more stops its own
process only, and its client gets a 503. By default the processes of an
endpoint share half of the memory the machine (or its cgroup) has, so a
burst of hungry queries cannot push the rest of the machine into swap or the
kernel's OOM killer.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from ..errors import KgraphError

#: The least a query process gets by default: the interpreter, pyoxigraph and a small graph fit easily.
FLOOR = 256 * 2**20
#: The share of the machine's memory all query processes of an endpoint get together by default.
SHARE = 0.5
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([KMGT]?)(?:i?B)?\s*$", re.IGNORECASE)
_UNITS = {"": 1, "K": 2**10, "M": 2**20, "G": 2**30, "T": 2**40}


def parse_size(text: str) -> int:
    """Bytes of a size such as ``512M``, ``1.5G``, ``2GiB`` or ``1048576``."""
    match = _SIZE.match(text)
    if not match:
        raise KgraphError(f"not a size: {text!r} (write e.g. 512M or 2G)")
    return int(float(match.group(1)) * _UNITS[match.group(2).upper()])


def machine_memory() -> int | None:
    """Bytes of memory this process can use: the machine's RAM, or its cgroup's limit when lower."""
    try:
        total = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError, AttributeError):
        return None
    for limit_file in (Path("/sys/fs/cgroup/memory.max"), Path("/sys/fs/cgroup/memory/memory.limit_in_bytes")):
        try:
            text = limit_file.read_text().strip()
        except OSError:
            continue
        if text.isdigit():
            total = min(total, int(text))
    return total


def default_max_memory(processes: int) -> int | None:
    """The memory limit of each of ``processes`` query processes when none is given; None if unknown."""
    total = machine_memory()
    if total is None:
        return None
    return max(FLOOR, int(total * SHARE / max(1, processes)))
