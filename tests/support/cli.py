"""Running the ``citegraph`` command in tests: in the test's own process, or as a real one.

A real ``citegraph`` process pays Python's start-up, the imports, and on ``ingest`` the
language identifier, the sentence encoder and the hashing library (about 4 s of CPU on
two seeds, against 0.3 s for the ingest itself). ``invoke`` runs the same Typer app in
the test process, where those load once per session; the tests of what only a process
shows (exit codes and streams of the installed command, start-up imports, a SIGKILL)
keep ``run_process``, and each command family keeps at least one such test.

Both return a ``subprocess.CompletedProcess``. Neither sees a ``CITEGRAPH_*`` or
``NEO4J_*`` variable of the test process (``scripts/run-tests`` exports the server's)
unless ``env`` gives it; a real process gets only PATH (the installed command's folder)
and HOME besides.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

__all__ = ["CLI", "invoke", "run_process"]

#: The installed console script, as a user runs it.
CLI = str(Path(sys.executable).parent / "citegraph")
_OURS = ("CITEGRAPH_", "NEO4J_")


def _failed(args: tuple[str, ...], proc: subprocess.CompletedProcess[str]) -> AssertionError:
    return AssertionError(f"citegraph {' '.join(args)} failed:\n{proc.stdout}\n{proc.stderr}")


def invoke(
    *args: str, env: dict[str, str] | None = None, check: bool = True
) -> subprocess.CompletedProcess[str]:
    """Run ``citegraph ARGS`` in this process and return its exit code and both streams.

    An exception the command does not turn into an error message propagates (a real
    process would print a traceback): a test expecting a clean error fails on it.
    """
    from api.cli import app, options
    from api.settings import get_settings

    # What a fresh process would start with: settings read from this environment, and
    # consoles that detect the terminal (none here) and the colours afresh.
    get_settings.cache_clear()
    for console in (options.out, options.err):
        console.__dict__.pop("console", None)
    unset: dict[str, str | None] = {k: None for k in os.environ if k.startswith(_OURS)}
    try:
        result = CliRunner().invoke(
            app, list(args), env=unset | dict(env or {}), catch_exceptions=False
        )
    finally:
        get_settings.cache_clear()
        for console in (options.out, options.err):
            console.__dict__.pop("console", None)
    proc = subprocess.CompletedProcess(
        ["citegraph", *args], result.exit_code, result.stdout, result.stderr
    )
    if check and proc.returncode != 0:
        raise _failed(args, proc)
    return proc


def run_process(
    *args: str, env: dict[str, str] | None = None, check: bool = True, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    """Run the installed ``citegraph ARGS`` as its own process."""
    base = {"PATH": str(Path(sys.executable).parent), "HOME": os.environ["HOME"]}
    proc = subprocess.run(
        [CLI, *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=base | dict(env or {}),
    )
    if check and proc.returncode != 0:
        raise _failed(args, proc)
    return proc
