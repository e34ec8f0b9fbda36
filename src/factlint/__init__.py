"""factlint: a text-quality and fact-check linter for entertainment articles."""

__version__ = "0.2.0"
