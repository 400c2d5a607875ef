"""Closing a process to the network: after :func:`go_offline`, no thread of it can open an internet socket.

Defence in depth behind :mod:`kgraph.query.service_guard`: the serving processes
and query workers go offline once their listening socket is bound, so even a
query the guard got wrong cannot reach another machine (or a port of this
one). A seccomp filter, installed with the standard library only (``ctypes``),
makes ``socket()`` fail with ``EACCES`` for every address family but
``AF_UNIX`` and ``AF_NETLINK`` (the kernel's own), and refuses ``io_uring``
(whose operations would not pass the filter). Sockets already open, such as
the listening socket, keep working, and so do the connections it accepts. The
filter holds for every thread of the process (``SECCOMP_FILTER_FLAG_TSYNC``),
for its children and across ``exec``; it cannot be removed.

This module imports only the standard library: query workers
(:mod:`kgraph.query.worker`, run as a script) load it too.
"""

from __future__ import annotations

import ctypes
import logging
import os
import platform
import struct
import sys
import threading
import time

log = logging.getLogger("kgraph.query.offline")

_PR_SET_NO_NEW_PRIVS = 38
_SECCOMP_SET_MODE_FILTER = 1
_SECCOMP_FILTER_FLAG_TSYNC = 1
_RET_ALLOW = 0x7FFF0000
_RET_ERRNO = 0x00050000
_AF_UNIX, _AF_NETLINK = 1, 16
_X32_BIT = 0x40000000
# machine: (AUDIT_ARCH_*, seccomp, socket, io_uring_setup, first syscall number refused as foreign)
_ARCHES = {
    "x86_64": (0xC000003E, 317, 41, 425, _X32_BIT),  # x32 numbers have bit 30 set: refused
    "aarch64": (0xC00000B7, 277, 198, 425, 0xFFFFFFFF),
}
_LD, _JEQ, _JGE, _RET = 0x20, 0x15, 0x35, 0x06  # BPF_LD|W|ABS, BPF_JMP|JEQ|K, BPF_JMP|JGE|K, BPF_RET|K


def _filter(arch: int, socket_nr: int, uring_nr: int, foreign: int, errno: int) -> bytes:
    """The BPF program: offsets in ``struct seccomp_data``: nr 0, arch 4, args[0] 16 (low half)."""
    deny, allow = _RET_ERRNO | errno, _RET_ALLOW
    program = [
        (_LD, 0, 0, 4),  # 0: the calling convention
        (_JEQ, 0, 7, arch),  # 1: another one (e.g. 32-bit calls): deny
        (_LD, 0, 0, 0),  # 2: the syscall number
        (_JGE, 5, 0, foreign),  # 3: x32: deny
        (_JEQ, 4, 0, uring_nr),  # 4: io_uring_setup: deny
        (_JEQ, 0, 4, socket_nr),  # 5: anything but socket(): allow
        (_LD, 0, 0, 16),  # 6: socket()'s address family
        (_JEQ, 2, 0, _AF_UNIX),  # 7: allow
        (_JEQ, 1, 0, _AF_NETLINK),  # 8: allow; else fall through to deny
        (_RET, 0, 0, deny),  # 9
        (_RET, 0, 0, allow),  # 10
    ]
    return b"".join(struct.pack("=HBBI", *instruction) for instruction in program)


def is_offline(pid: int | str = "self") -> bool:
    """Whether a process runs under a seccomp filter (``Seccomp: 2`` in its status)."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            return any(line.split() == ["Seccomp:", "2"] for line in status)
    except OSError:
        return False


_done = False


def go_offline() -> bool:
    """Close this process (all its threads, and its future children) to the network; True when done.

    When the platform offers no seccomp (another OS or machine, an old kernel), a warning is logged
    and the process stays open: the grammar check of :mod:`kgraph.query.service_guard` still applies.
    """
    global _done
    if _done:
        return True
    arch = _ARCHES.get(platform.machine())
    if arch is None or not sys.platform.startswith("linux"):
        log.warning("outbound connections stay possible: no seccomp filter for %s", platform.machine())
        return False
    audit_arch, seccomp_nr, socket_nr, uring_nr, foreign = arch
    code = _filter(audit_arch, socket_nr, uring_nr, foreign, 13)  # EACCES
    instructions = ctypes.create_string_buffer(code, len(code))

    class _Program(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]

    program = _Program(len(code) // 8, ctypes.addressof(instructions))
    libc = ctypes.CDLL(None, use_errno=True)
    if (
        libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0
        or libc.syscall(seccomp_nr, _SECCOMP_SET_MODE_FILTER, _SECCOMP_FILTER_FLAG_TSYNC, ctypes.byref(program)) != 0
    ):
        log.warning("outbound connections stay possible: seccomp refused (%s)", os.strerror(ctypes.get_errno()))
        return False
    _done = True
    return True


def _listening_sockets() -> set[str]:
    """Inodes of the TCP sockets this process holds that listen (from /proc)."""
    listening: set[str] = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(table, encoding="ascii") as rows:
                listening.update(f[9] for f in (row.split() for row in list(rows)[1:]) if f[3] == "0A")
        except OSError:
            continue
    own = set()
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            continue
        if target.startswith("socket:["):
            own.add(target[8:-1])
    return own & listening


def go_offline_once_listening(timeout: float = 60.0, interval: float = 0.005) -> threading.Thread:
    """Close this process to the network as soon as it holds a listening socket it did not hold before.

    For a server that binds its socket after the application is loaded (granian's serving processes do):
    a thread watches for the new listening socket, then calls :func:`go_offline`. Past ``timeout`` it goes
    offline anyway (the server then cannot listen, and says so, rather than stay open).
    """
    before = _listening_sockets()

    def watch() -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and not (_listening_sockets() - before):
            time.sleep(interval)
        go_offline()

    thread = threading.Thread(target=watch, name="kgraph-offline", daemon=True)
    thread.start()
    return thread
