"""The analyst's vocabulary on the command line: ``tags`` (list, rename, delete) and ``codebook``."""

from __future__ import annotations

import argparse
import json

from annotations.library import Library
from annotations.models import PALETTE


def add_subcommands(commands) -> None:
    command = commands.add_parser("tags", help="the tags in use with their counts; rename or delete one")
    command.add_argument("--json", action="store_true", help="print JSON: [{name, count}]")
    actions = command.add_subparsers(dest="tags_action", metavar="ACTION")
    rename = actions.add_parser("rename", help="rename a tag everywhere (merges into NEW when it exists)")
    rename.add_argument("old", metavar="OLD")
    rename.add_argument("new", metavar="NEW")
    delete = actions.add_parser("delete", help="take a tag off every annotation (the annotations stay)")
    delete.add_argument("name", metavar="NAME")

    command = commands.add_parser("codebook", help="the colours and what they mean (keys 1-8, in order)")
    command.add_argument("--json", action="store_true", help="print JSON: [{color, name, description}]")
    actions = command.add_subparsers(dest="codebook_action", metavar="ACTION")
    define = actions.add_parser("set", help="name a colour (adding it to the codebook if new)")
    define.add_argument("color", choices=list(PALETTE), metavar="COLOR", help=f"one of {', '.join(PALETTE)}")
    define.add_argument("--name", required=True, help="what the colour means, in a few words")
    define.add_argument("--description", default=None, help="one line on when to use it")


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


def _codebook(library: Library, args: argparse.Namespace) -> int:
    if args.codebook_action == "set":
        try:
            entry = library.set_codebook_entry(args.color, args.name, args.description)
        except ValueError as error:
            raise SystemExit(f"communique: {error}.") from None
        print(f"{entry.color}\t{entry.name}\t{entry.description}")
        return 0
    codebook = library.codebook()
    if args.json:
        print(json.dumps([{"color": e.color, "name": e.name, "description": e.description} for e in codebook],
                         ensure_ascii=False, indent=2))
    else:
        for key, entry in enumerate(codebook, start=1):
            print(f"{key}\t{entry.color}\t{entry.name}\t{entry.description}")
    return 0


HANDLERS = {"tags": _tags, "codebook": _codebook}
