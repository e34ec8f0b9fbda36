"""Web pages as articles: extraction, positions in the HTML source, metadata, the extra."""

from __future__ import annotations

import datetime
import html
import re
import sys
from pathlib import Path

import pytest

from factlint.config import Config
from factlint.document import BlockKind, BlockRole
from factlint.engine import Engine
from factlint.parse import parse_document
from factlint.parse.html import INSTALL_HINT, read_meta, read_stream
from factlint.positions import LineIndex
from tests.conftest import FIXTURES, REPO, write

PAGES = sorted((FIXTURES / "cases" / "html").glob("*.html"))
WITH_FINDINGS = [p for p in PAGES if p.name != "news-page.html"]  # that one is clean
_TAG = re.compile(r"<[^>]*>")


def _shown(markup: str) -> str:
    """What a reader sees of a stretch of HTML: tags out, entities decoded, spaces one."""
    return " ".join(html.unescape(_TAG.sub(" ", markup)).split())


@pytest.mark.parametrize("page", WITH_FINDINGS, ids=[p.name for p in WITH_FINDINGS])
def test_findings_point_into_the_html_source(page: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each finding's line:column..end is a stretch of the HTML file whose visible text is
    the excerpt (checked with a regex and html.unescape, not the reader's own stream)."""
    monkeypatch.chdir(REPO)
    engine = Engine(Config())
    result = engine.run(engine.expand([str(page.relative_to(REPO))])[0])
    assert not result.errors
    assert result.findings, "the fixture pages are written to have findings"
    source = page.read_text(encoding="utf-8")
    lines = LineIndex(source)
    for f in result.findings:
        start = lines.line_start(f.line) + f.column - 1
        end = lines.line_start(f.end_line) + f.end_column - 1
        assert 0 <= start <= end <= len(source), f
        stretch = source[start:end]
        assert _shown(stretch) == f.excerpt, (f.rule, f.line, f.column, stretch)
        assert f.excerpt, f  # every finding of these pages quotes text
        # Tight: the stretch starts and ends on the quoted text (or an entity of it), not
        # on a tag or the whitespace around it.
        assert stretch[0] == f.excerpt[0] or stretch.startswith("&"), (f, stretch)
        assert stretch[-1] == f.excerpt[-1] or stretch.endswith(";"), (f, stretch)


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_every_block_spans_its_own_text_in_the_source(page: Path) -> None:
    source = page.read_text(encoding="utf-8")
    doc = parse_document(str(page), source)
    assert len(doc.blocks) >= 5
    for block in doc.blocks:
        s, e = block.source_span(0, len(block.text))
        assert 0 <= s < e <= len(source)
        assert _shown(source[s:e]).replace(" ", "") == block.text.replace(" ", ""), block.text
        line, _ = doc.position(s)
        assert block.line == line


def test_farm_page_boilerplate_removed_by_extraction_is_not_reported() -> None:
    page = FIXTURES / "cases" / "html" / "farm-page.html"
    doc = parse_document(str(page), page.read_text(encoding="utf-8"))
    texts = [b.text for b in doc.blocks]
    for furniture in ("Share on Facebook", "Trending Now", "Advertisement", "Privacy Policy",
                      "Your email address will not be published", "Best show ever"):
        assert not any(furniture in t for t in texts), furniture
    assert "Leave a Reply" in texts  # inside the article body: debris that survives
    assert doc.title == "Starfall Academy Season 3 Release Date & Everything We Know"
    assert doc.title_block is not None and doc.title_block.line == 26
    assert [b.text for b in doc.blocks if b.is_heading][1:] == [
        "Starfall Academy Season 3 Release Date", "Starfall Academy Season 3 Plot",
        "Starfall Academy Season 3 Release Date"]
    # "can&rsquo;t" is decoded in the text and its column is the entity's in the source
    block = next(b for b in doc.blocks if "can’t" in b.text)
    at = block.text.index("’")
    s, e = block.source_span(at, at + 1)
    assert doc.source[s:e] == "&rsquo;"


def test_news_page_roles_links_and_metadata() -> None:
    page = FIXTURES / "cases" / "html" / "news-page.html"
    doc = parse_document(str(page), page.read_text(encoding="utf-8"))
    roles = [(b.page_role, b.in_quote) for b in doc.blocks]
    assert roles[0] == (BlockRole.TITLE, False)
    caption = next(b for b in doc.blocks if b.page_role is BlockRole.CAPTION)
    assert caption.text.startswith("The most beautiful key visual") and caption.line == 31
    quote = next(b for b in doc.blocks if b.in_quote)
    assert quote.text.startswith("“We wanted") and not quote.is_prose
    assert [b.text for b in doc.blocks if b.kind is BlockKind.LIST_ITEM] == [
        "Season 1 aired from October 6 to December 22, 2022.",
        "It streamed weekly with English subtitles."]
    lede = doc.blocks[1]
    assert [(link.url, link.text) for link in lede.links] == [
        ("https://kiriko.example/news/lanternfish-2", "statement on the studio’s website")]
    assert lede.text[lede.links[0].start:lede.links[0].end] == lede.links[0].text
    assert doc.published == datetime.date(2023, 3, 2)
    assert doc.metadata["author"] == "Dana Whitcombe"
    assert doc.metadata["date_source"] == "json-ld"
    assert "NewsArticle" in doc.metadata["json_ld_types"]
    assert not any("Dana Whitcombe" in b.text for b in doc.blocks)  # a byline is metadata
    assert not any("Most read" in b.text for b in doc.blocks)


def _meta(page: str) -> tuple[datetime.date | None, str | None, str | None]:
    meta = read_meta(read_stream(page), {})
    return meta.published, meta.headline, meta.work


@pytest.mark.parametrize("kind", ["Movie", "VideoGame", "TVSeason"])
def test_json_ld_work_types_give_the_headline_when_no_article_does(kind: str) -> None:
    page = ('<html><head><script type="application/ld+json">'
            f'{{"@type": "{kind}", "name": "Ember &amp; Ash", "datePublished": "2019-05-01"}}'
            "</script></head><body><p>x</p></body></html>")
    published, headline, work = _meta(page)
    # A work's datePublished is its release, not the page's: no "now" from it.
    assert (published, headline, work) == (None, "Ember & Ash", "Ember & Ash")


def test_json_ld_article_in_graph_list_and_meta_fallback() -> None:
    graph = ('<script type="application/ld+json">[{"@graph": [{"@type": ["Thing", '
             '"NewsArticle"], "headline": "A", "datePublished": "2021-07-04T10:00:00-05:00"}]}]'
             "</script>")
    assert _meta(f"<html><head>{graph}</head></html>")[:2] == (datetime.date(2021, 7, 4), "A")
    meta = ('<meta property="article:published_time" content="2020-02-29T08:00:00Z">'
            '<script type="application/ld+json">{broken json</script>')
    assert _meta(f"<html><head>{meta}</head></html>")[0] == datetime.date(2020, 2, 29)
    assert _meta("<html><head><meta name=date content=2020-13-45></head></html>")[0] is None


def test_a_block_that_cannot_be_aligned_never_points_past_the_file(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Text extraction made up (here: changed wholesale) maps to where the block before
    it ended: a real position, inside the file."""
    from factlint.parse import html as reader

    real = reader._parts

    def altered(main):  # type: ignore[no-untyped-def]
        parts = list(real(main))
        parts[-1].text = "Nothing of this sentence is on the page at all, qwxz."
        return iter(parts)

    monkeypatch.setattr(reader, "_parts", altered)
    page = FIXTURES / "cases" / "html" / "news-page.html"
    source = page.read_text(encoding="utf-8")
    doc = parse_document(str(page), source)
    block = doc.blocks[-1]
    before = doc.blocks[-2]
    s, e = block.source_span(0, len(block.text))
    assert s == e == before.source_span(0, len(before.text))[1]
    assert block.source_span(5, 400) == (s, s)
    assert 0 < s <= len(source)


def test_whitespace_and_inline_markup_do_not_break_alignment() -> None:
    source = ("<html><body><p>Kiriko <b>Anim</b>ation&nbsp;said\n   on its\t"
              "<a href='https://k.example'>official&#x20;site</a> that it will.</p></body></html>")
    doc = parse_document("page.html", source)
    block = next(b for b in doc.blocks if "official" in b.text)
    at = block.text.index("Animation")
    s, e = block.source_span(at, at + len("Animation"))
    assert source[s:e] == "Anim</b>ation"
    assert doc.excerpt(s, e) == "Animation"
    assert block.links and block.links[0].url == "https://k.example"


def test_html_without_the_extra_is_one_line_error_and_others_are_checked(
        tmp_path: Path, run_cli, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setitem(sys.modules, "trafilatura", None)  # import fails as if not installed
    write(tmp_path / "page.html", "<html><body><p>Text.</p></body></html>")
    write(tmp_path / "a.md", "# Title\n\nExperts agree that it is the best show.\n")
    run = run_cli("check", "--isolated", "--no-cache", "--select", "FL302",
                  str(tmp_path / "page.html"), str(tmp_path / "a.md"))
    assert run.code == 2
    errors = [line for line in run.err.splitlines() if "page.html" in line]
    assert errors == [f"factlint: error: {tmp_path / 'page.html'}: {INSTALL_HINT}"]
    assert "Traceback" not in run.err
    assert "a.md:3:1" in run.out and "FL302" in run.out


def test_stdin_with_an_html_name_is_read_as_a_page(run_cli) -> None:  # type: ignore[no-untyped-def]
    page = (FIXTURES / "cases" / "html" / "farm-page.html").read_bytes()
    run = run_cli("check", "--isolated", "--no-cache", "--select", "FL204",
                  "--stdin-filename", "post.html", "-", stdin=page)
    assert run.code == 1
    assert "post.html:43:8" in run.out and "Leave a Reply" in run.out
    assert "Your email address" not in run.out


def test_html_report_shows_the_extracted_article(tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    page = FIXTURES / "cases" / "html" / "farm-page.html"
    out = tmp_path / "report.html"
    run = run_cli("check", "--isolated", "--no-cache", "--format", "html", "-o", str(out),
                  str(page))
    assert run.code == 1, run.err
    report = out.read_text(encoding="utf-8")
    assert "can’t stop asking" in report  # the article's text, decoded
    assert "&amp;rsquo;" not in report and "entry-content" not in report  # not its markup
    assert "Share on Facebook" not in report and "Trending Now" not in report


def test_no_line_deleting_fix_on_a_web_page(monkeypatch: pytest.MonkeyPatch) -> None:
    """FL204's fix deletes a block's source lines: on a page those hold markup too."""
    monkeypatch.chdir(REPO)
    engine = Engine(Config(select=["FL204"]))
    page = "fixtures/cases/html/wire-page.html"
    result = engine.run(engine.expand([page])[0])
    assert [f.rule for f in result.findings] == ["FL204"] * 3
    assert all(f.fix is None for f in result.findings)


_FRAGMENTS = ["<p>", "</p>", "<h2>", "</h2>", "<script>", "</script>", "<!--", "-->", "&amp;",
              "&#x2019;", "&#99999999;", "&bogus;", "&", "<", ">", "<br/>", "<li>", "<ul>",
              "<figure><figcaption>", "</figcaption>", "<![CDATA[", "]]>", "\n", "  ", "<a href=x>",
              "</a>", "Season two will premiere in 2025.", "Leave a Reply", "é", "\u200b",
              '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": ',
              '"2023-01-01"}', "<html><body>", "</body></html>"]


def test_hostile_markup_never_raises_or_points_outside_the_page() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    @settings(max_examples=60, deadline=None, derandomize=True)
    @given(st.lists(st.sampled_from(_FRAGMENTS) | st.text(max_size=12), max_size=40))
    def check(pieces: list[str]) -> None:
        source = "".join(pieces)
        doc = parse_document("page.html", source)
        for block in doc.blocks:
            s, e = block.source_span(0, len(block.text))
            assert 0 <= s <= e <= len(source)
            assert 1 <= block.line <= block.end_line <= doc.lines.line_count
            doc.excerpt(s, e)

    check()


def test_a_page_in_its_declared_charset_is_read(tmp_path: Path) -> None:
    from factlint.errors import InputError
    from factlint.parse import read_article

    page = write(tmp_path / "old.html", '<html><head><meta charset="windows-1252"></head>'
                 "<body><p>The caf\u00e9\u2019s first season.</p></body></html>"
                 .encode("cp1252"))
    assert "caf\u00e9\u2019s" in read_article(page)
    wrong = write(tmp_path / "bad.html", b'<meta charset="utf-8"><p>caf\xe9</p>')
    with pytest.raises(InputError, match="not valid UTF-8"):
        read_article(wrong)
    text = write(tmp_path / "bad.txt", b'<meta charset="windows-1252"> caf\xe9')
    with pytest.raises(InputError, match="not valid UTF-8"):
        read_article(text)  # only a page's own declaration counts


def test_a_block_extraction_reworded_is_aligned_near_its_place() -> None:
    """trafilatura may change a few characters (here: simulated): the block still lands
    on its own paragraph, every character inside it."""
    from factlint.parse.html import _Aligner

    words = " ".join(["the studio said the second season will air in spring"] * 40)
    source = f"<html><body><p>Intro.</p><p>{words}</p><p>Outro.</p></body></html>"
    altered = "".join("Q" if i % 40 == 7 else ch for i, ch in enumerate(words))
    smap, ok = _Aligner(read_stream(source)).map_block(altered)
    assert ok
    lo, hi = source.index(words), source.index(words) + len(words)
    assert all(lo <= s <= hi for s in smap.starts)
    right = sum(source[s] == ch for s, ch in zip(smap.starts, altered, strict=True)
                if ch not in " Q")
    assert right >= 0.95 * sum(ch not in " Q" for ch in altered)


def test_a_section_extraction_emptied_is_no_empty_section(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Extraction left out a section's body (simulated): the page has text there, so its
    heading is a label, not an empty section; a heading with nothing under it on the
    page either is still a heading."""
    from factlint.parse import html as reader

    real = reader._parts

    def without_body(main):  # type: ignore[no-untyped-def]
        return iter([p for p in real(main) if not p.text.startswith("The jury praised")])

    monkeypatch.setattr(reader, "_parts", without_body)
    page = FIXTURES / "cases" / "html" / "wire-page.html"
    doc = parse_document(str(page), page.read_text(encoding="utf-8"))
    first, second = [b for b in doc.blocks if b.text == "WHAT THE JURY SAID"]
    assert first.page_role is BlockRole.LABEL and not first.is_heading
    assert second.is_heading
    source = ("<html><body><article><h1>Lanternfish season two: the cast and the plot</h1>"
              "<p>Kiriko Animation announced the second season on Thursday in a statement "
              "on its website, and the director said the staff would return.</p>"
              "<h2>Cast</h2><h2>Plot</h2><p>The second season adapts the harbour arc of the "
              "manga, which the publisher lists at eleven volumes so far.</p><p>It picks up "
              "a week after the first season's finale, the studio said.</p></article>"
              "</body></html>")
    doc = parse_document("p.html", source)
    assert [b.text for b in doc.blocks if b.is_heading][1:] == ["Cast", "Plot"]


def test_decomposed_letters_in_the_source_align_with_composed_text() -> None:
    """A page may write 'Ä' as 'A' + U+0308; extraction and the rules see 'Ä'."""
    decomposed = "A\u0308rzte und Schauspieler"
    source = f"<html><body><p>Viele {decomposed} sprechen.</p></body></html>"
    stream = read_stream(source)
    assert "Ärzte" in stream.text
    at = stream.text.index("Ä")
    assert source[stream.starts[at]:stream.ends[at]] == "A\u0308"
    from factlint.parse.html import _Aligner

    smap, ok = _Aligner(stream).map_block("Viele Ärzte und Schauspieler sprechen.")
    assert ok and source[smap.starts[6]:smap.ends[6]] == "A\u0308"
