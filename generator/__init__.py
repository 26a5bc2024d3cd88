"""Annals: a static site generator for annotated news archives (spaCy + MkDocs)."""

__version__ = "0.1.0"
