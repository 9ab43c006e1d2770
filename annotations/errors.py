"""Every error the core raises on purpose, so callers can catch one tree.

    AnnotationsError                 a user-facing problem; str() is one plain sentence
    ├── ImportFailed                 a file could not become a release (names the file and why)
    ├── ReleaseNotFound              no release with that id
    ├── ReleaseHasAnnotations        a release to delete still has the analyst's annotations
    ├── InvalidMetadata              a corrected title, date or language is not of the form expected
    ├── AnnotationNotFound           no annotation with that id
    ├── QuoteNotFound                the quoted text is not in the release
    ├── TagNotFound                  no annotation carries that tag
    ├── InvalidAnnotationFile        an annotation file to import is not W3C Web Annotation JSON
    ├── ExportFailed                 an export could not be written (names the file and why)
    ├── InvalidQuery                 a search filter's value means nothing (unknown colour, impossible date)
    ├── VersionLinkRefused           two releases cannot be linked (or unlinked) as versions
    ├── LibraryFileError             the library file cannot be opened, is not a library, or is too new
    ├── LibraryDamaged               the library's pages are damaged: it is open read-only
    └── BackupFailed                 a backup could not be written, verified or restored
"""

from __future__ import annotations


class AnnotationsError(Exception):
    """Base class: the message is a sentence fit to show the user as it is."""


class ImportFailed(AnnotationsError):
    def __init__(self, path: object, reason: str):
        self.path = str(path)
        self.reason = reason
        super().__init__(f"Could not import {self.path!r}: {reason}.")


class ReleaseNotFound(AnnotationsError):
    def __init__(self, release_id: object):
        self.release_id = release_id
        super().__init__(f"There is no release with id {release_id!r} in the library.")


class ReleaseHasAnnotations(AnnotationsError):
    def __init__(self, release_id: object, count: int):
        self.release_id = release_id
        super().__init__(f"Release {release_id!r} has {count} annotation(s), so it was not deleted; "
                         f"delete it with its annotations to go ahead (--with-annotations).")


class InvalidMetadata(AnnotationsError):
    def __init__(self, field: str, value: object, expected: str):
        self.field = field
        super().__init__(f"The {field} {value!r} cannot be used: expected {expected}.")


class AnnotationNotFound(AnnotationsError):
    def __init__(self, annotation_id: object):
        self.annotation_id = annotation_id
        super().__init__(f"There is no annotation with id {annotation_id!r} in the library.")


class QuoteNotFound(AnnotationsError):
    def __init__(self, quote: str, release_id: object, occurrence: int = 1, found: int = 0):
        self.quote = quote
        if found and occurrence > found:
            message = (f"The quote {quote!r} occurs {found} time(s) in release {release_id}, "
                       f"so there is no occurrence {occurrence}.")
        else:
            message = f"The quote {quote!r} is not in release {release_id}."
        super().__init__(message)


class TagNotFound(AnnotationsError):
    def __init__(self, name: object):
        self.name = name
        super().__init__(f"No annotation carries the tag {name!r}.")


class InvalidAnnotationFile(AnnotationsError):
    def __init__(self, path: object, reason: str):
        super().__init__(f"Could not read annotations from {str(path)!r}: {reason}.")


class LibraryFileError(AnnotationsError):
    def __init__(self, path: object, reason: str):
        self.path = str(path)
        super().__init__(f"Could not open the library {self.path!r}: {reason}.")


class ExportFailed(AnnotationsError):
    def __init__(self, path: object, reason: str):
        self.path = str(path)
        super().__init__(f"Could not write {self.path!r}: {reason}.")


class InvalidQuery(AnnotationsError):
    """A search that cannot mean anything; the message says which part and how to write it."""


class LibraryDamaged(AnnotationsError):
    """Raised by every write to a damaged library (open read-only), and by reads that reach the damage."""

    def __init__(self, path: object, detail: str):
        self.path = str(path)
        self.detail = detail
        super().__init__(
            f"The library {self.path!r} is damaged ({detail}), so it is open read-only and nothing was "
            "changed; restore its newest backup (File → Restore from Backup…, or communique restore) or "
            "rescue what can be read into a new file (communique rescue NEW_FILE).")


class BackupFailed(AnnotationsError):
    def __init__(self, doing: str, path: object, reason: str):
        self.path = str(path)
        super().__init__(f"Could not {doing} {self.path!r}: {reason}.")


class VersionLinkRefused(AnnotationsError):
    def __init__(self, reason: str):
        super().__init__(f"Cannot change the versions: {reason}.")
