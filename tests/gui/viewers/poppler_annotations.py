"""Lists each page's annotations as poppler-glib reads them (Evince and Papers; Okular reads
through poppler's Qt binding over the same core), as JSON on stdout.

Run by the system Python, where python3-gi and gir1.2-poppler-0.18 live: python3 THIS PDF.
Quadrilaterals are not read: PyGObject's binding of them frees memory twice.
"""

import json
import sys

import gi

gi.require_version("Poppler", "0.18")
from gi.repository import Poppler  # noqa: E402

document = Poppler.Document.new_from_file("file://" + sys.argv[1], None)
pages = []
for number in range(document.get_n_pages()):
    found = []
    for mapping in document.get_page(number).get_annot_mapping():
        annotation = mapping.annot
        color = annotation.get_color()
        markup = isinstance(annotation, Poppler.AnnotMarkup)
        found.append({
            "type": annotation.get_annot_type().value_nick, "name": annotation.get_name(),
            "contents": annotation.get_contents(), "author": annotation.get_label() if markup else None,
            "has_popup": annotation.has_popup() if markup else False,
            "color": [color.red >> 8, color.green >> 8, color.blue >> 8] if color else None,
        })
    pages.append(found)
print(json.dumps(pages))
