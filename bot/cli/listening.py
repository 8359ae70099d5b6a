"""The one line an operator reads when a server cannot listen: where, why, and what to change.

The socket's own words ("[Errno 98] error while attempting to bind on address ...") say what
happened but not what to do; the fix is nearly always a setting, so the line names it."""

from __future__ import annotations

import errno

# What binding a listening socket fails with when the address, not the program, is the trouble.
LISTEN_ERRNOS = frozenset({errno.EADDRINUSE, errno.EACCES, errno.EADDRNOTAVAIL})


def listen_problem(what: str, address: str, exc: OSError, host: str, port: str) -> str:
    """`what` (a server) cannot listen on `address`; `host` and `port` are the settings (or
    options) that choose the address."""

    def choose(value: str) -> str:
        # A command-line option is given, a setting is set.
        return f"choose {value} with {port}" if port.startswith("-") else f"set {port} to {value}"

    if exc.errno == errno.EADDRINUSE:
        return (
            f"{what}: {address} is already in use (by another program, or another Captionist); "
            f"{choose('a free port')}, or stop what is using it"
        )
    if exc.errno == errno.EACCES:
        return (
            f"{what}: not allowed to listen on {address} (ports below 1024 need root); "
            f"{choose('1024 or above')}"
        )
    if exc.errno == errno.EADDRNOTAVAIL:
        return f"{what}: {address} is not an address of this machine; check {host}"
    reason = exc.strerror or str(exc)
    return f"{what}: cannot listen on {address}: {reason} (check {host} and {port})"
