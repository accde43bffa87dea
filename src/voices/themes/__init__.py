"""Themes: reproducible, explained, multi-theme discovery over segment embeddings.

``import voices.themes`` stays light (no bertopic, umap, torch or spaCy); heavy parts load when used.
"""
