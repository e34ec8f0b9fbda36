"""Property-based tests: for generated articles, nothing escapes and every finding is exact.

For any Markdown or plain-text article (headings, lists, quotes, emphasis, links, code,
tables, footnotes, suppressions, front matter, CRLF/CR/mixed newlines, tabs, non-ASCII,
Japanese): no exception, every finding's line/column lies inside the file, its excerpt is
exactly the file's text at that position, and two runs give identical output.
The CI profile is short; the fuzzing harness (tests/test_fuzz.py) runs the same
properties for much longer behind ``--run-slow``.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factlint.engine import Engine
from factlint.parse import decode, parse_document
from tests.invariants import check_deterministic, make_engine
from tests.strategies import RAW_TEXT, article

EXAMPLES = int(os.environ.get("FACTLINT_PROPERTY_EXAMPLES", "60"))
CI = settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return make_engine(tmp_path_factory.mktemp("pack"))


@CI
@given(text=article(), suffix=st.sampled_from([".md", ".txt"]))
def test_generated_articles(engine: Engine, text: str, suffix: str) -> None:
    check_deterministic(engine, "post" + suffix, text)


@CI
@given(text=RAW_TEXT, suffix=st.sampled_from([".md", ".txt"]))
def test_arbitrary_text(engine: Engine, text: str, suffix: str) -> None:
    check_deterministic(engine, "raw" + suffix, text)


@CI
@given(data=st.binary(max_size=300), bom=st.booleans())
def test_arbitrary_bytes_decode_or_fail_cleanly(data: bytes, bom: bool) -> None:
    from factlint.errors import InputError

    raw = (b"\xef\xbb\xbf" if bom else b"") + data
    try:
        text = decode(raw, "x.md")
    except InputError as exc:
        assert str(exc).startswith("x.md") and "\n" not in str(exc)
        return
    assert "\ufeff" not in text[:1]
    parse_document("x.md", text)


@CI
@given(text=article())
def test_block_source_maps_stay_inside_the_file(text: str) -> None:
    for path in ("a.md", "a.txt"):
        doc = parse_document(path, text)
        for block in doc.blocks:
            previous = -1
            for t_start, s_start, length in block.source_map.runs:
                assert t_start >= 0 and t_start + length <= len(block.text)
                assert s_start >= 0 and s_start + length <= len(doc.source)
                assert s_start >= previous  # text runs appear in source order
                previous = s_start
            assert 1 <= block.line <= block.end_line <= doc.lines.line_count


@settings(max_examples=int(os.environ.get("FACTLINT_JOBS_EXAMPLES", "8")), deadline=None,
          derandomize=True, suppress_health_check=[HealthCheck.too_slow,
                                                   HealthCheck.data_too_large])
@given(texts=st.lists(article(), min_size=2, max_size=4))
def test_two_workers_give_the_same_output_as_one(tmp_path_factory: pytest.TempPathFactory,
                                                 texts: list[str]) -> None:
    """--jobs 2 and --jobs 1 produce identical results for any set of articles."""
    from factlint.config import Config
    from factlint.engine import Source
    from factlint.reporters import ReportOptions
    from factlint.reporters.json import render

    pack = make_engine(tmp_path_factory.mktemp("pack")).config.packs
    sources = [Source(f"post{i}{'.md' if i % 2 else '.txt'}", t) for i, t in enumerate(texts)]
    outputs = []
    for jobs in (1, 2):
        result = Engine(Config(packs=pack), jobs=jobs).run(list(sources))
        outputs.append(render(result, ReportOptions()))
    assert outputs[0] == outputs[1]
