"""The analyst's vocabulary on the command line: ``tags`` (list, rename, delete) and ``codebook``."""

from __future__ import annotations

import argparse
import json

from annotations.library import Library


def add_subcommands(commands) -> None:
    command = commands.add_parser("tags", help="the tags in use with their counts; rename or delete one")
    command.add_argument("--json", action="store_true", help="print JSON: [{name, count}]")
    actions = command.add_subparsers(dest="tags_action", metavar="ACTION")
    rename = actions.add_parser("rename", help="rename a tag everywhere (merges into NEW when it exists)")
    rename.add_argument("old", metavar="OLD")
    rename.add_argument("new", metavar="NEW")
    delete = actions.add_parser("delete", help="take a tag off every annotation (the annotations stay)")
    delete.add_argument("name", metavar="NAME")


def _tags(library: Library, args: argparse.Namespace) -> int:
    if args.tags_action == "rename":
        change = library.rename_tag(args.old, args.new)
        print(f"renamed {args.old!r} to {args.new!r} on {len(change.before)} annotation(s)")
        return 0
    if args.tags_action == "delete":
        change = library.delete_tag(args.name)
        print(f"removed {args.name!r} from {len(change.before)} annotation(s)")
        return 0
    counts = library.tag_counts()
    if args.json:
        print(json.dumps([{"name": tag.name, "count": tag.count} for tag in counts], ensure_ascii=False, indent=2))
    else:
        for tag in counts:
            print(f"{tag.count}\t{tag.name}")
    return 0


HANDLERS = {"tags": _tags}
