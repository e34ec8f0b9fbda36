"""Coverage-guided fuzzing with atheris (optional: ``.venv/bin/pip install atheris``).

    .venv/bin/python fuzz/atheris_fuzz.py article -atheris_runs=20000 [CORPUS_DIR]
    .venv/bin/python fuzz/atheris_fuzz.py yaml -max_total_time=600 [CORPUS_DIR]

``article`` feeds raw bytes through decode, the Markdown/plain-text parsers and the whole
engine (every rule plus a test pack); ``yaml`` feeds text to the shared YAML loader and
the config, rule-pack and reference loaders. The targets and their invariants are the
ones tests/test_fuzz.py runs under hypothesis (tests/fuzz_targets.py). libFuzzer writes
each crashing input to ``crash-<sha1>``: copy it into fixtures/regressions/articles/ or
fixtures/regressions/yaml/ (with a line in the README there) and fix the bug; the suite
replays every file in those folders.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

with atheris.instrument_imports(include=["factlint", "markdown_it", "mdit_py_plugins", "yaml"]):
    from tests import fuzz_targets
    from tests.invariants import make_engine

    from factlint.errors import InputError
    from factlint.parse import decode

_TMP = Path(tempfile.mkdtemp(prefix="factlint-fuzz-"))
_ENGINE = None


def article(data: bytes) -> None:
    global _ENGINE
    if _ENGINE is None:
        _ENGINE = make_engine(_TMP)
    suffix = ".md" if not data or data[0] % 2 == 0 else ".txt"
    try:
        text = decode(data[1:], "fuzz" + suffix)
    except InputError:
        return
    fuzz_targets.article_target(_ENGINE, text, suffix)


def yaml(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    which = fdp.ConsumeIntInRange(0, 3)
    text = fdp.ConsumeUnicodeNoSurrogates(fdp.remaining_bytes())
    if which == 0:
        fuzz_targets.yaml_target(text)
    elif which == 1:
        fuzz_targets.config_target(_TMP, text)
    elif which == 2:
        fuzz_targets.pack_target(_TMP, text)
    else:
        fuzz_targets.reference_target(_TMP, text)


def main() -> None:
    targets = {"article": article, "yaml": yaml}
    if len(sys.argv) < 2 or sys.argv[1] not in targets:
        sys.exit(f"usage: {sys.argv[0]} article|yaml [libFuzzer options] [corpus dir]")
    target = targets[sys.argv[1]]
    atheris.Setup([sys.argv[0], *sys.argv[2:]], target)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
