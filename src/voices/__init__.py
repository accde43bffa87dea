"""voices: qualitative evidence and social listening for people fighting poverty.

Ingest consultation exports, interview transcripts and social posts into one corpus of segments; anonymise
them; find themes; pair themes with deprivation and cost-of-living indicators; review them with
lived-experience panels.

``import voices`` is deliberately light: models and heavy libraries load only when a stage needs them.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("voices")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0+local"

__all__ = ["__version__"]
