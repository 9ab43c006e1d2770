"""Correcting and deleting releases on the command line: ``edit`` and ``delete``."""

from __future__ import annotations

import argparse

from annotations.library import Library
from annotations.release_edits import EDITABLE_FIELDS


def add_subcommands(commands) -> None:
    command = commands.add_parser("edit", help="correct a release's title, issuer, date or language",
                                  description="Fields you set are kept as you set them: importing the file "
                                              "again never overwrites them. An empty value clears issuer, "
                                              "date or language.")
    command.add_argument("release_id", type=int, metavar="ID")
    command.add_argument("--title", metavar="T")
    command.add_argument("--issuer", metavar="I")
    command.add_argument("--date", metavar="YYYY-MM-DD")
    command.add_argument("--language", metavar="TAG", help="a BCP 47 tag: en, fr, pt-BR, zh-Hant …")

    command = commands.add_parser("delete", help="delete a release (one with annotations needs --with-annotations)")
    command.add_argument("release_id", type=int, metavar="ID")
    command.add_argument("--with-annotations", action="store_true",
                         help="also delete the release's annotations (without it, a release with any is kept)")


def _edit(library: Library, args: argparse.Namespace) -> int:
    fields = {name: getattr(args, name) for name in EDITABLE_FIELDS if getattr(args, name) is not None}
    if not fields:
        library.release(args.release_id)  # an unknown id still says so
        print("communique: nothing to change: give --title, --issuer, --date or --language.")
        return 0
    release = library.edit_release(args.release_id, **fields)
    print(f"{release.id}\t{release.date or '-'}\t{release.issuer or '-'}\t{release.language or '-'}\t{release.title}")
    return 0


def _delete(library: Library, args: argparse.Namespace) -> int:
    title = library.release(args.release_id).title
    deleted = library.delete_release(args.release_id, with_annotations=args.with_annotations)
    print(f"deleted release {args.release_id} ({title}) with {len(deleted.annotations)} annotation(s)")
    return 0


HANDLERS = {"edit": _edit, "delete": _delete}
