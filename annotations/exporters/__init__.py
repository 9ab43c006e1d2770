"""Exporters of annotations to formats other tools read (W3C Web Annotation JSON-LD, ...)."""
