"""Running a child process to its exit with its wall-clock time and peak memory, for the
benchmark scripts beside this file."""

import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass


@dataclass
class Finished:
    """A child process that ran to its exit."""

    seconds: float
    peak_bytes: int
    exit_code: int
    stdout: str
    stderr: str


def run_measured(argv: list, stdin: bytes = b"") -> Finished:
    """Runs a command to its exit, with its wall-clock time and peak resident memory."""
    with (
        tempfile.TemporaryFile() as given,
        tempfile.TemporaryFile() as out,
        tempfile.TemporaryFile() as err,
    ):
        given.write(stdin)
        given.seek(0)
        start = time.perf_counter()
        child = subprocess.Popen(argv, stdin=given, stdout=out, stderr=err)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)

        out.seek(0)
        err.seek(0)
        return Finished(
            seconds=seconds,
            peak_bytes=max_rss_bytes(usage),
            exit_code=child.returncode,
            stdout=out.read().decode(errors="replace"),
            stderr=err.read().decode(errors="replace"),
        )


def max_rss_bytes(usage) -> int:
    # Linux reports ru_maxrss in kibibytes, macOS in bytes.
    return usage.ru_maxrss if sys.platform == "darwin" else usage.ru_maxrss * 1024


def last_line(text: str) -> str:
    """The last line of a program's message that says something."""
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1] if lines else "no message"
