"""The package's version (one place: ``pyproject.toml`` reads it, build manifests and the catalogue record it)."""

__version__ = "0.1.0"
