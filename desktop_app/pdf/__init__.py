"""The annotated PDF, laid out and painted with Qt.

``export``: the release, its header and margin notes, page by page; ``layout``: text boxes,
shaped lines and the closing table. The PDF objects Qt cannot write are added by
``annotations.pdf``.
"""
