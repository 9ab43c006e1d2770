"""The command line's care of the library file: ``backup``, ``backups``, ``restore``, ``rescue``, ``check``.

These work on the file rather than through an open Library: a restore must not hold the file it
replaces, and a rescue reads a file too damaged to open for writing.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from annotations import backups, library_file
from annotations.errors import LibraryDamaged
from annotations.library import Library


def add_subcommands(commands) -> None:
    command = commands.add_parser("backup", help="write a verified backup now and print its path")
    command.add_argument("destination", nargs="?", type=Path, metavar="DEST",
                         help=f"a folder, or a file name ending in {backups.SUFFIX} (default: the backups folder)")
    command = commands.add_parser("backups", help="the library's backups: date, size, releases, annotations")
    command.add_argument("--json", action="store_true", help="print JSON")
    command = commands.add_parser("restore", help="replace the library by a backup (the current file is kept aside)")
    command.add_argument("backup", type=Path, metavar="BACKUP", help="a backup file (as `backups` lists it, or any other)")
    command = commands.add_parser("rescue", help="copy what can be read from a damaged library into a new file")
    command.add_argument("new_file", type=Path, metavar="NEW_FILE")
    commands.add_parser("check", help="check every page of the library (SQLite's quick_check)")


def _backup(args: argparse.Namespace) -> int:
    with Library(args.db):                  # refuses a file that is not a library, makes a new one
        pass
    backup = backups.write_backup(args.db, "manual", destination=args.destination, progress=_progress())
    print(backup.path)
    return 0


def _backups(args: argparse.Namespace) -> int:
    found = backups.list_backups(args.db)
    if args.json:
        print(json.dumps([{"path": b.path, "created": b.created, "reason": b.reason, "size": b.size,
                           "releases": b.releases, "annotations": b.annotations, "schema": b.schema}
                          for b in found], indent=2))
        return 0
    if not found:
        print(f"communique: no backups yet in {str(backups.backup_folder(args.db))!r}.", file=sys.stderr)
    for b in found:
        print(f"{b.created[:19].replace('T', ' ')}\t{_size(b.size)}\t{b.releases} releases\t"
              f"{b.annotations} annotations\t{b.reason}\t{b.path}")
    return 0


def _restore(args: argparse.Namespace) -> int:
    # The path was typed or pasted by the user: another library's backup is theirs to restore.
    described = backups.read_backup(args.backup)
    aside = backups.restore(args.db, args.backup, progress=_progress(), any_library=True)
    with Library(args.db) as library:       # an older backup is migrated now, not at the next start
        releases, annotations = library.release_count(), library.annotation_count()
    of = f" (a backup of {backups.library_of(described)!r})" \
        if described is not None and not backups.describes(described, args.db) else ""
    print(f"restored {args.db} from {args.backup}{of}: {releases} releases, {annotations} annotations")
    if aside is not None:
        print(f"the library as it was is kept as {aside}")
    return 0


def _rescue(args: argparse.Namespace) -> int:
    from annotations.rescue import rescue

    report = rescue(args.db, args.new_file)
    print(f"{args.new_file}\t{report.describe()}")
    return 0


def _check(args: argparse.Namespace) -> int:
    with Library(args.db) as library:
        found = library.damage and [library.damage] or library_file.check_everything(library.path)
        if found:
            raise LibraryDamaged(library.path, found[0])
        if library.full_check_due():
            library.record_full_check()
    print(f"{args.db}: every page is whole")
    return 0


def _progress():
    """Phases on standard error when it is a terminal (a backup of a large library takes a minute)."""
    shown = set()

    def report(fraction: float, doing: str) -> bool:
        if sys.stderr.isatty() and doing not in shown and doing != "done":
            shown.add(doing)
            print(f"communique: {doing}…", file=sys.stderr, flush=True)
        return True

    return report


def _size(size: int) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if size < 1000 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1000
    return ""


HANDLERS = {"backup": _backup, "backups": _backups, "restore": _restore, "rescue": _rescue, "check": _check}
