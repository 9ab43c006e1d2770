"""The scriptable side: ``communique [--db PATH] SUBCOMMAND``.

Prints results on standard output; a user error (unknown id, quote not found, unreadable file)
exits 1 with one plain sentence on standard error, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from annotations.errors import AnnotationsError
from annotations.library import Library
from annotations.models import COLORS, DEFAULT_COLOR, Annotation


def add_subcommands(parser: argparse.ArgumentParser) -> None:
    commands = parser.add_subparsers(dest="command", metavar="SUBCOMMAND")

    command = commands.add_parser("import", help="add files or folders; prints ID<TAB>title per release")
    command.add_argument("paths", nargs="+", metavar="PATH")

    command = commands.add_parser("list", help="the releases: id, date, issuer, title")
    command.add_argument("--json", action="store_true", help="print JSON")

    command = commands.add_parser("highlight", help="highlight a quoted passage of a release")
    command.add_argument("release_id", type=int, metavar="ID")
    command.add_argument("--quote", required=True, help="the text to highlight, as it reads in the release")
    command.add_argument("--occurrence", type=int, default=1, metavar="N", help="which occurrence (1 = first)")
    command.add_argument("--color", default=DEFAULT_COLOR, choices=list(COLORS), metavar="NAME",
                         help=f"one of {', '.join(COLORS)} (default {DEFAULT_COLOR})")
    command.add_argument("--note", default="", help="a note on the highlight")
    command.add_argument("--tag", action="append", default=[], metavar="TAG", help="a tag (repeatable)")

    command = commands.add_parser("notes", help="a release's annotations in reading order")
    command.add_argument("release_id", type=int, metavar="ID")
    command.add_argument("--json", action="store_true", help="print W3C Web Annotation JSON-LD")

    command = commands.add_parser("search", help="full-text search over releases and notes")
    command.add_argument("query")
    command.add_argument("--json", action="store_true", help="print JSON")

    command = commands.add_parser("export", help="export a release's annotations")
    command.add_argument("release_id", type=int, metavar="ID")
    kind = command.add_mutually_exclusive_group(required=True)
    kind.add_argument("--json", action="store_true", help="W3C Web Annotation JSON-LD")
    command.add_argument("out", metavar="OUT")


def run(args: argparse.Namespace) -> int:
    """Run one subcommand; returns the exit status."""
    try:
        with Library(args.db) as library:
            return HANDLERS[args.command](library, args)
    except AnnotationsError as error:
        print(f"communique: {error}", file=sys.stderr)
        return 1


def _import(library: Library, args) -> int:
    from .importing import import_into

    missing = [path for path in args.paths if not Path(path).exists()]
    for path in missing:
        print(f"communique: Could not import {path!r}: there is no such file or folder.", file=sys.stderr)
    report = import_into(library, [path for path in args.paths if Path(path).exists()])
    for item in report.imported:
        print(f"{item.release_id}\t{item.title}")
        if not item.created:
            print(f"communique: {item.path!r} is already in the library as release {item.release_id}.",
                  file=sys.stderr)
    for failure in report.failures:
        print(f"communique: {failure}", file=sys.stderr)
    return 1 if report.failures or missing else 0


def _list(library: Library, args) -> int:
    summaries = library.release_summaries(0, library.release_count() or 1, sort="date", descending=True)
    if args.json:
        print(json.dumps([{"id": s.id, "date": s.date, "issuer": s.issuer, "title": s.title,
                           "language": s.language, "format": s.source_format} for s in summaries],
                         ensure_ascii=False, indent=2))
        return 0
    for s in summaries:
        print(f"{s.id}\t{s.date or '-'}\t{s.issuer or '-'}\t{s.title}")
    return 0


def _highlight(library: Library, args) -> int:
    annotation = library.add_highlight_of_quote(args.release_id, args.quote, args.occurrence, args.color,
                                                args.note, args.tag)
    print(f"{annotation.id}\t{annotation.position.start}\t{annotation.position.end}\t{annotation.quote.exact}")
    return 0


def _describe(annotation: Annotation) -> str:
    where = "release note" if annotation.quote is None else (
        "orphaned" if annotation.orphaned else f"{annotation.position.start}-{annotation.position.end}")
    lines = [f"#{annotation.id} [{annotation.color}] {where}"]
    if annotation.quote is not None:
        lines.append(f"  “{' '.join(annotation.quote.exact.split())}”")
    if annotation.note:
        lines += [f"  {line}" for line in annotation.note.splitlines()]
    if annotation.tags:
        lines.append("  tags: " + ", ".join(annotation.tags))
    return "\n".join(lines)


def _w3c(library: Library, release_id: int) -> str:
    from annotations.exporters.w3c import collection

    release = library.release(release_id)
    return json.dumps(collection(release, library.annotations_for(release_id)), ensure_ascii=False, indent=2)


def _notes(library: Library, args) -> int:
    if args.json:
        print(_w3c(library, args.release_id))
        return 0
    library.release(args.release_id)  # raises ReleaseNotFound for an unknown id
    for annotation in library.annotations_for(args.release_id):
        print(_describe(annotation))
    return 0


def _search(library: Library, args) -> int:
    hits = library.search(args.query)
    if args.json:
        print(json.dumps([{"release_id": h.release_id, "title": h.title, "snippet": h.snippet,
                           "annotation_id": h.annotation_id} for h in hits], ensure_ascii=False, indent=2))
        return 0
    for hit in hits:
        where = f"note #{hit.annotation_id}" if hit.annotation_id else "text"
        print(f"{hit.release_id}\t{where}\t{hit.title}\t{' '.join(hit.snippet.split())}")
    return 0


def _export(library: Library, args) -> int:
    content = _w3c(library, args.release_id)
    out = Path(args.out)
    try:
        _write_atomically(out, content)
    except OSError as error:
        raise _ExportFailed(out, error.strerror or str(error)) from None
    print(out)
    return 0


class _ExportFailed(AnnotationsError):
    def __init__(self, path: Path, reason: str):
        super().__init__(f"Could not write {str(path)!r}: {reason}.")


def _write_atomically(path: Path, content: str) -> None:
    import os
    import tempfile

    handle, temporary = tempfile.mkstemp(dir=path.parent or ".", prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(content)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


HANDLERS = {"import": _import, "list": _list, "highlight": _highlight, "notes": _notes, "search": _search,
            "export": _export}
