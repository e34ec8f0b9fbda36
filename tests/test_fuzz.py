"""Fuzzing harness (hypothesis): the document parser and the YAML/config/pack/reference loaders.

CI runs a short pass of every target. ``pytest --run-slow tests/test_fuzz.py`` runs the
long profile (FACTLINT_FUZZ_EXAMPLES examples per target, default 3000;
FACTLINT_FUZZ_ARTICLE_EXAMPLES for the article target alone). Inputs that ever
crashed a target live in fixtures/regressions/ and are replayed on every run.
For coverage-guided fuzzing with atheris, see fuzz/atheris_fuzz.py.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factlint.engine import Engine
from tests.conftest import FIXTURES
from tests.fuzz_targets import (
    YAML_TEXT,
    article_target,
    config_target,
    pack_target,
    reference_target,
    yaml_target,
)
from tests.invariants import make_engine
from tests.strategies import RAW_TEXT, article

REGRESSIONS = FIXTURES / "regressions"
_HEALTH = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]
SHORT = settings(max_examples=25, deadline=None, derandomize=True,
                 suppress_health_check=_HEALTH)
LONG = settings(max_examples=int(os.environ.get("FACTLINT_FUZZ_EXAMPLES", "3000")),
                deadline=None, suppress_health_check=_HEALTH)
# Articles go through the whole engine (about 0.1 s each, the YAML targets take ms): a long
# profile of 100,000 inputs can give them a share of their own.
LONG_ARTICLES = settings(LONG, max_examples=int(os.environ.get(
    "FACTLINT_FUZZ_ARTICLE_EXAMPLES", str(LONG.max_examples))))

ARTICLES = st.one_of(article(), RAW_TEXT)
SUFFIX = st.sampled_from([".md", ".txt"])


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return make_engine(tmp_path_factory.mktemp("pack"))


@pytest.fixture(scope="module")
def folder() -> Iterator[Path]:
    # Module-scoped (hypothesis re-runs the test body many times within one fixture).
    with tempfile.TemporaryDirectory() as name:
        yield Path(name)


FILE_TARGETS: list[Callable[[Path, str], None]] = [config_target, pack_target, reference_target]


def _article_test(profile: settings) -> Callable[..., None]:
    @profile
    @given(text=ARTICLES, suffix=SUFFIX)
    def run(engine: Engine, text: str, suffix: str) -> None:
        article_target(engine, text, suffix)

    return run


def _yaml_test(profile: settings) -> Callable[..., None]:
    @profile
    @given(text=st.one_of(YAML_TEXT, RAW_TEXT), which=st.integers(0, len(FILE_TARGETS)))
    def run(folder: Path, text: str, which: int) -> None:
        if which == len(FILE_TARGETS):
            yaml_target(text)
        else:
            FILE_TARGETS[which](folder, text)

    return run


test_fuzz_articles_short = _article_test(SHORT)
test_fuzz_yaml_loaders_short = _yaml_test(SHORT)
test_fuzz_articles_long = pytest.mark.slow(_article_test(LONG_ARTICLES))
test_fuzz_yaml_loaders_long = pytest.mark.slow(_yaml_test(LONG))


def _regressions(kind: str) -> list[Any]:
    folder = REGRESSIONS / kind
    return sorted(p for p in folder.iterdir() if p.is_file()) if folder.is_dir() else []


@pytest.mark.parametrize("path", _regressions("articles"), ids=lambda p: p.name)
def test_regression_articles(engine: Engine, path: Path) -> None:
    from factlint.parse import decode

    article_target(engine, decode(path.read_bytes(), path.name), path.suffix)


@pytest.mark.parametrize("path", _regressions("yaml"), ids=lambda p: p.name)
def test_regression_yaml(folder: Path, path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    yaml_target(text)
    for target in FILE_TARGETS:
        target(folder, text)
