"""Speed figures beside their floors: ``python -m benchmarks [--quick]``.

Each figure is measured next to a floor (the least work any implementation must do for the same
result: an empty window, a bare ``QTextDocument.setHtml``, a plain committed INSERT, Markdown +
nh3 + one INSERT) in the same run on the same machine, so the ratio means something on any
computer while the absolute numbers do not. Tests never assert on time; this is the only place
speed is checked.
"""
