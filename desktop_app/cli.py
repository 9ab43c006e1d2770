"""The scriptable side: ``communique [--db PATH] SUBCOMMAND``.

Prints results on standard output; a user error (unknown id, quote not found, unreadable file)
exits 1 with one plain sentence on standard error, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
from pathlib import Path

from annotations import library_file
from annotations.errors import AnnotationsError, ExportFailed, InvalidQuery
from annotations.exporters import TEXT_FORMATS, export_file_name, render_release_annotations, write_text_atomically
from annotations.library import Library
from annotations.models import DEFAULT_COLOR, PALETTE, Annotation
from annotations.search import ORDERS

from . import cli_backups, cli_import, cli_releases, cli_versions, cli_vocabulary

EXPORT_FORMATS = {"pdf": "annotated PDF", **TEXT_FORMATS}


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
    command.add_argument("--color", default=DEFAULT_COLOR, choices=list(PALETTE), metavar="NAME",
                         help=f"one of {', '.join(PALETTE)} (default {DEFAULT_COLOR}; see `codebook`)")
    command.add_argument("--note", default="", help="a note on the highlight")
    command.add_argument("--tag", action="append", default=[], metavar="TAG", help="a tag (repeatable)")

    command = commands.add_parser("notes", help="a release's annotations in reading order")
    command.add_argument("release_id", type=int, metavar="ID")
    command.add_argument("--json", action="store_true", help="print W3C Web Annotation JSON-LD")

    command = commands.add_parser(
        "search", help="search releases, quotes and notes",
        description='Words must all match; "exact phrase", OR, -word to exclude, word* for a prefix (the last '
                    'word is one too unless a space follows it); filters tag:NAME, color:NAME-OR-MEANING, '
                    'issuer:WORDS, from:DATE, to:DATE (YYYY, YYYY-MM or YYYY-MM-DD; undated releases are '
                    'outside any range). Release hits first, then matching quotes and notes.')
    command.add_argument("query", nargs="?", default="", help="what to find (optional with filters)")
    command.add_argument("--issuer", default="", help="as issuer:TEXT")
    command.add_argument("--from", dest="date_from", default="", metavar="DATE", help="as from:DATE")
    command.add_argument("--to", dest="date_to", default="", metavar="DATE", help="as to:DATE")
    command.add_argument("--tag", default="", help="as tag:TAG")
    command.add_argument("--color", default="", metavar="NAME", help="as color:NAME (a colour or its meaning)")
    command.add_argument("--order", choices=ORDERS, default="relevance", help="best first (default) or newest first")
    command.add_argument("--limit", type=int, default=100, metavar="N", help="at most N releases and N notes")
    command.add_argument("--json", action="store_true", help="print JSON")

    command = commands.add_parser(
        "export", help="export a release (or --all annotated releases) with its annotations",
        description="With ID, OUT is a file. With --all, OUT is a folder that gets one file per annotated "
                    "release, except --csv, which writes every annotation into the one file OUT.")
    command.add_argument("release_id", type=int, nargs="?", metavar="ID")
    command.add_argument("--all", action="store_true", help="every release that has annotations")
    kind = command.add_mutually_exclusive_group(required=True)
    for name, text in EXPORT_FORMATS.items():
        kind.add_argument(f"--{name}", metavar="OUT", help=f"{text} to OUT")
    command.add_argument("--analyst", help="name on the PDF (default: the name in Preferences, else none)")
    command.add_argument("--page-size", choices=["A4", "Letter"], help="PDF paper (default: Preferences, else the locale's)")

    command = commands.add_parser("import-annotations", help="add a colleague's W3C annotations to a release")
    command.add_argument("release_id", type=int, metavar="ID")
    command.add_argument("file", metavar="FILE.json")
    cli_vocabulary.add_subcommands(commands)
    cli_releases.add_subcommands(commands)
    cli_backups.add_subcommands(commands)
    cli_versions.add_subcommands(commands)


def run(args: argparse.Namespace) -> int:
    """Run one subcommand; returns the exit status.

    The day's first change checks every page first (``care_before_first_write``); once it is
    written, the day's backup is left to a process of its own (``daily_backup``), so the command
    does not wait for it. On a damaged library, reads go as far as the pages allow and end with
    the sentence saying so on standard error; a write, or a read that reaches the damage, exits 1
    with it.
    """
    from .daily_backup import start_in_background
    from .import_supervisor import is_import_child

    try:
        if args.command in cli_backups.HANDLERS:
            return cli_backups.HANDLERS[args.command](args)
        with Library(args.db, care_before_first_write=True) as library:
            try:
                status = HANDLERS[args.command](library, args)
            except sqlite3.DatabaseError as error:
                if not library_file.is_damage(error):
                    raise
                raise library.damaged_error(error) from None
            if library.damage:
                print(f"communique: {library.damaged_error()}", file=sys.stderr)
            back_up = library.has_written and not library.read_only and not is_import_child() \
                and library.release_count() > 0
        if back_up:
            start_in_background(library.path)
        return status
    except AnnotationsError as error:
        print(f"communique: {error}", file=sys.stderr)
        return 1


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


def _notes(library: Library, args) -> int:
    if args.json:
        print(render_release_annotations(library, args.release_id, "json"), end="")
        return 0
    library.release(args.release_id)  # raises ReleaseNotFound for an unknown id
    for annotation in library.annotations_for(args.release_id):
        print(_describe(annotation))
    return 0


def _search(library: Library, args) -> int:
    from annotations.query import parse_query, with_filters

    colors = library.search_colors()            # color: matches the analyst's names (the codebook)
    query = with_filters(parse_query(args.query, as_you_type=True, colors=colors), args.issuer, args.date_from,
                         args.date_to, args.tag, args.color, colors=colors)
    if not query:
        raise InvalidQuery("Say what to search for: words, a \"phrase\" or a filter such as tag:japan or from:2024.")
    results = library.searcher().search(query, args.order, limit=args.limit, annotation_limit=args.limit)
    if args.json:
        rows = [{"release_id": hit.release_id, "title": hit.title, "issuer": hit.issuer, "date": hit.date,
                 "snippet": hit.snippet.marked(), "annotation_id": None} for hit in results.releases]
        rows += [{"release_id": hit.release_id, "title": hit.release_title, "snippet": hit.snippet.marked(),
                  "annotation_id": hit.annotation_id, "color": hit.color} for hit in results.annotations]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    for hit in results.releases:
        print(f"{hit.release_id}\ttext\t{hit.title}\t{hit.snippet.marked()}")
    for hit in results.annotations:
        print(f"{hit.release_id}\tnote #{hit.annotation_id}\t{hit.release_title}\t{hit.snippet.marked()}")
    if not results.releases and not results.annotations:
        print("communique: no release, quote or note matches.", file=sys.stderr)
    return 0


def _export_targets(args) -> None:
    """Which format and where to: exactly one of ID and --all, and one --FORMAT OUT."""
    args.format = next(name for name in EXPORT_FORMATS if getattr(args, name) is not None)
    args.out = getattr(args, args.format)
    if (args.release_id is None) == (not args.all):
        raise ExportFailed(args.out, "name a release ID to export, or --all (not both)")


def _export(library: Library, args) -> int:
    _export_targets(args)
    if args.format == "pdf":
        _application = _gui_application()  # held here: painting needs it alive until the last PDF
        args.pdf_options = _pdf_options(library, args)
    if args.format == "csv" and args.all:
        from annotations.exporters.csv_export import annotations_csv

        rows = [(library.release(release_id), annotation) for release_id in library.annotated_release_ids()
                for annotation in library.annotations_for(release_id)]
        write_text_atomically(Path(args.out), annotations_csv(rows, library.color_meanings()))
        print(args.out)
        return 0
    if not args.all:
        return _export_one(library, args, args.release_id, Path(args.out))
    folder = Path(args.out)
    if not folder.is_dir():
        raise ExportFailed(folder, "with --all, OUT must be an existing folder")
    release_ids = library.annotated_release_ids()
    for number, release_id in enumerate(release_ids, start=1):
        out = folder / export_file_name(library.release(release_id), f".{args.format}")
        _export_one(library, args, release_id, out, progress=f"[{number}/{len(release_ids)}] ")
    return 0


def _export_one(library: Library, args, release_id: int, out: Path, progress: str = "") -> int:
    if args.format == "pdf":
        from .pdf.export import export_pdf

        result = export_pdf(library, release_id, out, args.pdf_options)
        print(f"{progress}{release_id}\t{out}\t{result.pages} pages, {result.highlights} highlights", flush=True)
        return 0
    write_text_atomically(out, render_release_annotations(library, release_id, args.format))
    print(f"{progress}{release_id}\t{out}", flush=True)
    return 0


def _pdf_options(library: Library, args):
    """Preferences from the window's settings, overridden by --analyst and --page-size."""
    import dataclasses

    from PySide6.QtCore import QSettings

    from .pdf.export import PdfOptions
    from .settings import Settings

    options = PdfOptions.from_settings(Settings(QSettings("Communique", "Communique"), library.path))
    return dataclasses.replace(options, analyst=args.analyst or options.analyst,
                               page_size=args.page_size or options.page_size)


def _gui_application():
    """Painting a PDF needs a QGuiApplication with our fonts; the command line makes an offscreen one."""
    from PySide6.QtGui import QFontDatabase

    from .fonts import LATIN_FAMILY, register_fonts
    from .headless import gui_application

    application = gui_application()
    if LATIN_FAMILY not in QFontDatabase.families():  # an import earlier in this process made it
        register_fonts()
    return application


def _import_annotations(library: Library, args) -> int:
    from annotations.exporters.w3c import parse_annotation_file

    summary = library.import_annotations(args.release_id, parse_annotation_file(args.file))
    print(f"{summary.added} added, {summary.skipped_duplicates} already present, {summary.orphaned} orphaned")
    if not summary.source_matched:
        print(f"communique: note: {args.file!r} was made from a different version of release {args.release_id}; "
              "annotations were re-anchored by their quotes.", file=sys.stderr)
    return 0


HANDLERS = {"import": cli_import.run_import, "list": _list, "highlight": _highlight, "notes": _notes, "search": _search,
            "export": _export, "import-annotations": _import_annotations, **cli_vocabulary.HANDLERS,
            **cli_releases.HANDLERS, **cli_versions.HANDLERS}
