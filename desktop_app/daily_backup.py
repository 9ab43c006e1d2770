"""The command line's daily backup, taken by a process of its own once the command is done.

A backup of a large library takes a minute (README, "Backups"); a scripted ``communique
highlight`` must not wait for it. So when the day's first change is written, the command starts
this program again, detached from it (``communique --db PATH --daily-backup``, a hidden option, so
the frozen bundle starts the same way as the source install), and returns at once. The child
writes the backup under ``backups.daily_lock``: a second command, or the window, waits for it or
leaves the day's backup to it, and never writes a second one. Having no console, it logs failures.
"""

from __future__ import annotations

import logging
import os
import subprocess
from pathlib import Path

from annotations import backups
from annotations.errors import AnnotationsError

#: The hidden option of ``app.main`` that runs ``run`` (the child's side).
OPTION = "--daily-backup"


def start_in_background(library_path: Path) -> subprocess.Popen | None:
    """Start the child when no backup of this library was written today; never waits for it."""
    from .import_supervisor import own_command

    if not backups.daily_backup_due(library_path):
        return None
    if os.name == "nt":
        detached = {"creationflags": subprocess.DETACHED_PROCESS | subprocess.CREATE_NEW_PROCESS_GROUP
                    | subprocess.CREATE_NO_WINDOW}
    else:
        detached = {"start_new_session": True}  # a Ctrl+C meant for the shell's command spares it
    return subprocess.Popen([*own_command(), "--db", str(library_path), OPTION], stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, close_fds=True, **detached)


def run(library_path: Path) -> int:
    """The child: write the day's backup, after any other process writing one has finished.

    Its pages were checked before the day's first change (``Library(care_before_first_write=True)``);
    the snapshot is checked whole again as it is backed up (``backups.write_backup``)."""
    try:
        _found, backup = backups.daily_care(library_path, check=False, wait=True)
    except (AnnotationsError, OSError) as error:
        logging.getLogger("communique").warning("The daily backup of %s was not written: %s", library_path, error)
        return 1
    if backup is not None:
        logging.getLogger("communique").info("Backed up %s to %s", library_path, backup.path)
    return 0
