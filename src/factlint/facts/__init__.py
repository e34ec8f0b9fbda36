"""Reference facts (characters, organisations, releases) that articles are checked against.

``model`` is the typed reference, ``loader`` reads and validates YAML reference
files (``file:line: message`` errors), ``dates`` handles partial dates, ``mentions``
finds reference names and their references in parsed articles (shared by the FL4xx
rules), and ``draft`` writes a first reference file for ``factlint facts init``.
"""

from __future__ import annotations

from factlint.facts.dates import PartialDate
from factlint.facts.loader import load_reference
from factlint.facts.model import Character, Organization, ReferenceSet, Season, Work

__all__ = ["Character", "Organization", "PartialDate", "ReferenceSet", "Season", "Work",
           "load_reference"]
