"""W3C Web Annotation Data Model (JSON-LD): the exchange format for annotations.

https://www.w3.org/TR/annotation-model/ — each annotation targets ``urn:sha256:<hash>`` of the
release it belongs to, with a TextPositionSelector and a TextQuoteSelector over its canonical text.
``collection`` writes it; ``parse_annotation_file`` reads it back (ours, or a colleague's, or
another tool's) as ``ImportedAnnotation`` values for ``Library.import_annotations``.
"""

from __future__ import annotations

import json
import uuid as uuid_lib
from pathlib import Path

from ..errors import InvalidAnnotationFile
from ..models import (DEFAULT_COLOR, PALETTE, default_meanings, Annotation, ImportedAnnotation, Lineage, Release, TextPositionSelector,
                      TextQuoteSelector, release_source)

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
COLOR_KEY = "communique:color"


def annotation_to_w3c(annotation: Annotation, release: Release, meanings: dict[str, str] | None = None) -> dict:
    body: list[dict] = []
    # A release note always keeps its (possibly empty) comment: without it, it would have neither
    # a quote nor a comment, and could not be read back.
    if annotation.note or annotation.is_release_note:
        body.append({"type": "TextualBody", "value": annotation.note, "format": "text/plain",
                     "purpose": "commenting"})
    body += [{"type": "TextualBody", "value": tag, "purpose": "tagging"} for tag in annotation.tags]
    target: dict = {"source": release_source(release)}
    if annotation.quote is not None:
        selectors = [{"type": "TextQuoteSelector", "exact": annotation.quote.exact,
                      "prefix": annotation.quote.prefix, "suffix": annotation.quote.suffix}]
        if annotation.position is not None:
            selectors.insert(0, {"type": "TextPositionSelector", "start": annotation.position.start,
                                 "end": annotation.position.end})
        target["selector"] = selectors
    item = {
        "@context": CONTEXT,
        "id": f"urn:uuid:{uuid_lib.UUID(annotation.uuid)}",   # RFC 4122 form, with hyphens
        "type": "Annotation",
        "motivation": "highlighting" if annotation.quote is not None else "commenting",
        "created": annotation.created,
        "modified": annotation.updated,
        "body": body,
        "target": target,
        COLOR_KEY: annotation.color,
        "communique:meaning": (meanings or default_meanings()).get(annotation.color, annotation.color),
    }
    if annotation.orphaned:
        item["communique:orphaned"] = True
    return item


def collection(release: Release, annotations: list[Annotation], meanings: dict[str, str] | None = None,
               lineage: Lineage | None = None) -> dict:
    """An AnnotationCollection holding every annotation of one release, in reading order.

    With ``lineage``, ``communique:version`` names the version the selectors describe (its content
    hash and import date) and, under ``supersedes``, the version before it.
    """
    items = [annotation_to_w3c(annotation, release, meanings) for annotation in annotations]
    result = {
        "@context": [CONTEXT, {"communique": "urn:communique:"}],
        "type": "AnnotationCollection",
        "label": release.title,
        "total": len(items),
        "first": {"type": "AnnotationPage", "startIndex": 0, "items": items},
    }
    if lineage is not None:
        version = {"source": f"urn:sha256:{lineage.content_hash}", "imported": lineage.imported_at,
                   "number": lineage.number, "of": lineage.count}
        if lineage.previous is not None:
            version["supersedes"] = {"source": f"urn:sha256:{lineage.previous.content_hash}",
                                     "imported": lineage.previous.imported_at}
            version["changes"] = lineage.changes
        result["communique:version"] = version
    return result


def parse_annotation_file(path: str | Path) -> list[ImportedAnnotation]:
    """The annotations in a W3C Web Annotation JSON file, in file order.

    Accepts what ``collection`` writes (an AnnotationCollection whose first page holds the items),
    an AnnotationPage, a single Annotation, or a bare list of annotations. Raises
    InvalidAnnotationFile when the file cannot be read, is not JSON, holds no annotations, or
    holds one with neither a TextQuoteSelector nor a comment.
    """
    try:
        data = json.loads(Path(path).read_bytes().decode("utf-8-sig"))
    except OSError as error:
        raise InvalidAnnotationFile(path, f"it could not be read ({error.strerror or error})") from None
    except UnicodeDecodeError:
        raise InvalidAnnotationFile(path, "it is not UTF-8 text, so not JSON") from None
    except json.JSONDecodeError as error:
        raise InvalidAnnotationFile(
            path, f"it is not JSON ({error.msg} at line {error.lineno}, column {error.colno})") from None
    items = _annotation_items(data)
    if not items:
        raise InvalidAnnotationFile(path, "it holds no W3C Web Annotations")
    return [_imported(path, number, item) for number, item in enumerate(items, start=1)]


def _types(node: object) -> set[str]:
    if not isinstance(node, dict):
        return set()
    value = node.get("type", node.get("@type", ()))
    names = [value] if isinstance(value, str) else value if isinstance(value, list) else []
    return {name.removeprefix("oa:").removeprefix("as:") for name in names if isinstance(name, str)}


def _annotation_items(data: object) -> list[dict]:
    """The annotations a document holds, wherever the accepted shapes put them; [] if none."""
    if isinstance(data, list):
        candidates = data
    elif "Annotation" in _types(data):
        candidates = [data]
    elif "AnnotationPage" in _types(data):
        candidates = data.get("items")
    elif "AnnotationCollection" in _types(data):
        first = data.get("first")
        candidates = first.get("items") if isinstance(first, dict) else None
    else:
        candidates = None
    if not isinstance(candidates, list):
        return []
    return [item for item in candidates if "Annotation" in _types(item)]


def _imported(path: str | Path, number: int, item: dict) -> ImportedAnnotation:
    notes, tags = _bodies(item)
    source, quote, position = _target(item.get("target"))
    if quote is None and not notes:
        raise InvalidAnnotationFile(
            path, f"annotation {number} ({item.get('id', 'without an id')}) has neither a TextQuoteSelector "
                  "nor a comment")
    color = item.get(COLOR_KEY)
    return ImportedAnnotation(
        uuid=_uuid_of(item.get("id", item.get("@id"))),
        quote=quote,
        position=position if quote is not None else None,
        note="\n\n".join(notes),
        tags=tuple(tags),
        color=color if color in PALETTE else DEFAULT_COLOR,
        created=_text(item.get("created")),
        modified=_text(item.get("modified")),
        source=source,
        meaning=" ".join(_text(item.get("communique:meaning")).split()),
    )


def _uuid_of(annotation_id: object) -> str:
    """Our uuid for a W3C id: the uuid of ``urn:uuid:``, else one derived from the id, else a new one.

    Deriving (uuid5) rather than inventing keeps a re-import of the same foreign file idempotent.
    """
    if not isinstance(annotation_id, str) or not annotation_id.strip():
        return uuid_lib.uuid4().hex
    if annotation_id.lower().startswith("urn:uuid:"):
        try:
            return uuid_lib.UUID(annotation_id[len("urn:uuid:"):]).hex
        except ValueError:
            pass
    return uuid_lib.uuid5(uuid_lib.NAMESPACE_URL, annotation_id).hex


def _bodies(item: dict) -> tuple[list[str], list[str]]:
    """(comments, tags) from the TextualBody values; a body with no purpose is a comment."""
    bodies = item.get("body", [])
    bodies = bodies if isinstance(bodies, list) else [bodies]
    notes, tags = [], []
    if isinstance(item.get("bodyValue"), str):
        notes.append(item["bodyValue"])
    for body in bodies:
        if not isinstance(body, dict) or not isinstance(body.get("value"), str):
            continue  # a link to an external body, or a Choice: nothing we can keep
        purpose = body.get("purpose", "commenting")
        purposes = purpose if isinstance(purpose, list) else [purpose]
        if "tagging" in purposes:
            tags.append(body["value"])
        elif "commenting" in purposes:
            notes.append(body["value"])
    return notes, tags


def _target(target: object) -> tuple[str, TextQuoteSelector | None, TextPositionSelector | None]:
    """(source, quote, position) of the first target; a target may be an IRI, an object or a list."""
    if isinstance(target, list):
        target = target[0] if target else None
    if isinstance(target, str):
        return target, None, None
    if not isinstance(target, dict):
        return "", None, None
    selectors = target.get("selector", [])
    selectors = selectors if isinstance(selectors, list) else [selectors]
    quote = position = None
    for selector in selectors:
        kinds = _types(selector)
        if "TextQuoteSelector" in kinds and quote is None and isinstance(selector.get("exact"), str) \
                and selector["exact"]:
            quote = TextQuoteSelector(selector["exact"], _text(selector.get("prefix")),
                                      _text(selector.get("suffix")))
        elif "TextPositionSelector" in kinds and position is None:
            start, end = selector.get("start"), selector.get("end")
            if all(type(value) is int for value in (start, end)) and 0 <= start < end:
                position = TextPositionSelector(start, end)
    return _text(target.get("source")), quote, position


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""
