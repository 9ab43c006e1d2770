"""Seconds from launch to the main window shown, for each command given: the bundle beside the source.

    .venv/bin/python packaging/startup_time.py dist/communique/communique .venv/bin/communique

Each command runs as ``COMMAND --db LIBRARY --quit-after-start`` (the window opens, prints "shown"
once it is exposed, and quits), offscreen, on one temporary library holding the demo release, with
settings and logs in a temporary home, so the user's own are never touched. The clock runs from
launching the process to reading its "shown" line. The first start of each command is a warm-up
(it makes the library and fills the system's caches); then ``--repeat`` rounds start each command
in turn, and each command's median is printed.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def seconds_to_shown(command: list[str], environment: dict[str, str]) -> float:
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=environment, text=True)
    line = child.stdout.readline()
    elapsed = time.perf_counter() - start
    _, errors = child.communicate()
    if line.strip() != "shown" or child.returncode != 0:
        raise SystemExit(f"startup_time: {command[0]!r} did not show its window (status {child.returncode}):\n{errors}")
    return elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="startup_time.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("commands", nargs="+", metavar="COMMAND", help="a communique executable")
    parser.add_argument("--repeat", type=int, default=7, help="timed starts per command (default 7)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="communique-startup-") as scratch:
        home = Path(scratch)
        environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(home),
                       "XDG_CONFIG_HOME": str(home / "config"), "XDG_DATA_HOME": str(home / "data"),
                       "XDG_STATE_HOME": str(home / "state"), "XDG_CACHE_HOME": str(home / "cache")}
        environment.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed app starts from compiled bytecode
        launches = {command: [command, "--db", str(home / "library.sqlite3"), "--quit-after-start"]
                    for command in args.commands}
        for launch in launches.values():
            seconds_to_shown(launch, environment)
        # Rounds take each command in turn, so a busy moment of the machine falls on all of them.
        times: dict[str, list[float]] = {command: [] for command in launches}
        for _ in range(args.repeat):
            for command, launch in launches.items():
                times[command].append(seconds_to_shown(launch, environment))
        for command, seconds in times.items():
            print(f"{statistics.median(seconds):.3f} s\t(min {min(seconds):.3f}, max {max(seconds):.3f})\t{command}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
