"""Built-in rules, one module per rule (or per small family), registered on import.

Modules here must not import spaCy at import time, so that ``factlint rules`` and
fully cached runs stay fast.
"""
