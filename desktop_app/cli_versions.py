"""The command line's versions subcommands: ``versions``, ``diff``, ``link-version``, ``unlink-version``."""

from __future__ import annotations

import json
import sys

from annotations.diffing import summary
from annotations.library import Library


def add_subcommands(commands) -> None:
    command = commands.add_parser("versions", help="a release's versions: id, date imported, what changed")
    command.add_argument("release_id", type=int, metavar="ID")
    command.add_argument("--json", action="store_true", help="print JSON")

    command = commands.add_parser("diff", help="what changed from one release (version) to another")
    command.add_argument("old_id", type=int, metavar="OLD_ID")
    command.add_argument("new_id", type=int, metavar="NEW_ID")
    command.add_argument("--json", action="store_true", help="print JSON")

    command = commands.add_parser("link-version", help="mark NEW_ID as the next version of OLD_ID; carry its notes")
    command.add_argument("old_id", type=int, metavar="OLD_ID")
    command.add_argument("new_id", type=int, metavar="NEW_ID")

    command = commands.add_parser("unlink-version", help="make ID a release of its own again")
    command.add_argument("release_id", type=int, metavar="ID")


def report_new_versions(library: Library, imported) -> None:
    """Tell, on standard error, which imported releases were recognised as new versions."""
    for item in imported:
        previous = library.previous_version(item.release_id) if item.created else None
        if previous is not None:
            version = library.versions_of(item.release_id)[-1]
            carried = len(library.carry_marks(item.release_id))
            print(f"communique: release {item.release_id} is a new version of release {previous.id} "
                  f"(linked by {version.linked_by}); {carried} annotation{'s' * (carried != 1)} carried over; "
                  f"{version.changes}.", file=sys.stderr)


def _versions(library: Library, args) -> int:
    versions = library.versions_of(args.release_id)
    if args.json:
        print(json.dumps([{"id": v.id, "title": v.title, "content_hash": v.content_hash, "imported_at": v.imported_at,
                           "previous_id": v.previous_id, "linked_by": v.linked_by or None,
                           "similarity": v.similarity, "changes": v.changes or None} for v in versions],
                         ensure_ascii=False, indent=2))
        return 0
    for number, version in enumerate(versions, start=1):
        what = version.changes if version.previous_id is not None else "first version"
        how = f" (linked by {version.linked_by})" if version.linked_by else ""
        print(f"{version.id}\t{version.imported_at}\tv{number}{how}\t{what}")
    return 0


def _diff(library: Library, args) -> int:
    changes = library.changes_between(args.old_id, args.new_id)
    if args.json:
        print(json.dumps({"old_id": args.old_id, "new_id": args.new_id, "summary": summary(changes), "changes": [
            {"kind": c.kind, "old_start": c.old_start, "old_end": c.old_end, "new_start": c.new_start,
             "new_end": c.new_end, "old_text": c.old_text, "new_text": c.new_text, "emphasis": sorted(c.emphasis),
             "description": c.description} for c in changes]}, ensure_ascii=False, indent=2))
        return 0
    print(summary(changes))
    for change in sorted(changes, key=lambda c: not c.emphasised):
        flags = f"  [{', '.join(sorted(change.emphasis))}]" if change.emphasis else ""
        old, new = " ".join(change.old_text.split()), " ".join(change.new_text.split())
        if change.kind == "insert":
            print(f"+ “{new}”{flags}")
        elif change.kind == "delete":
            print(f"- “{old}”{flags}")
        else:
            print(f"~ “{old}” → “{new}”{flags}")
    return 0


def _link(library: Library, args) -> int:
    carried = library.link_versions(args.old_id, args.new_id)
    print(f"release {args.new_id} is now the version after release {args.old_id}; "
          f"{carried} annotation{'s' * (carried != 1)} carried over")
    return 0


def _unlink(library: Library, args) -> int:
    removed = library.unlink_version(args.release_id)
    print(f"release {args.release_id} is a release of its own again; "
          f"{removed} untouched carried annotation{'s' * (removed != 1)} removed")
    return 0


HANDLERS = {"versions": _versions, "diff": _diff, "link-version": _link, "unlink-version": _unlink}
