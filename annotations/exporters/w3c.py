"""W3C Web Annotation Data Model (JSON-LD): the exchange format for annotations.

https://www.w3.org/TR/annotation-model/ — each annotation targets ``urn:sha256:<hash>`` of the
release it belongs to, with a TextPositionSelector and a TextQuoteSelector over its canonical text.
"""

from __future__ import annotations

from ..models import COLORS, Annotation, Release

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
COLOR_KEY = "communique:color"


def release_source(release: Release) -> str:
    return f"urn:sha256:{release.content_hash}"


def annotation_to_w3c(annotation: Annotation, release: Release) -> dict:
    body: list[dict] = []
    if annotation.note:
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
        "id": f"urn:uuid:{annotation.uuid}",
        "type": "Annotation",
        "motivation": "highlighting" if annotation.quote is not None else "commenting",
        "created": annotation.created,
        "modified": annotation.updated,
        "body": body,
        "target": target,
        COLOR_KEY: annotation.color,
        "communique:meaning": COLORS[annotation.color][1],
    }
    if annotation.orphaned:
        item["communique:orphaned"] = True
    return item


def collection(release: Release, annotations: list[Annotation]) -> dict:
    """An AnnotationCollection holding every annotation of one release, in reading order."""
    items = [annotation_to_w3c(annotation, release) for annotation in annotations]
    return {
        "@context": [CONTEXT, {"communique": "urn:communique:"}],
        "type": "AnnotationCollection",
        "label": release.title,
        "total": len(items),
        "first": {"type": "AnnotationPage", "startIndex": 0, "items": items},
    }
