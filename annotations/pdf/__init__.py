"""The annotated PDF's objects, written with pypdf after Qt has painted the pages (Qt-free).

``objects``: the ``/Highlight`` annotations, popups, appearances and metadata; ``text``: the
repairs that make text copy out as the release's words; ``update``: the incremental update that
appends all of it to Qt's file. The layout and painting are in ``desktop_app.pdf``.
"""
