"""The HTML report: layout logic, escaping, and behaviour in a real headless browser.

Browser tests drive Debian's chromium (``/usr/bin/chromium``) through Playwright; they skip
only when that browser is absent (a developer machine), never in CI, where ``.ci/run``
installs it. Screenshots go to ``test-artifacts/`` (git-ignored) for people to look at.
"""

from __future__ import annotations

import html
import json
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from factlint import reporters
from factlint.finding import Finding, Severity
from factlint.reporters.html import Placed, json_for_script, segment
from tests.conftest import FIXTURES, REPO, SEED

HTML = FIXTURES / "html"
CONFIG = HTML / "factlint.yaml"
CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = REPO / "test-artifacts"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
FEATURE_FINDINGS = [
    "HS101 3:13", "HS103 3:31", "HS102 4:1", "HS103 4:5", "HS103 8:18", "HS101 8:81",
    "HS101 11:33", "FL101 16:4", "FL001 24:1",
]


def _finding(rule: str, severity: str) -> Finding:
    return Finding("a.md", 1, 1, 1, 1, rule, rule.lower(), Severity(severity), "m", "")


def _placed(i: int, start: int, end: int, severity: str = "warning") -> Placed:
    return Placed(i, _finding(f"X{i}", severity), start, end)


# -- layout and escaping, no browser ---------------------------------------------------------
def test_overlapping_findings_split_the_span_and_each_piece_lists_all_of_them() -> None:
    text = "took the world by storm today"
    hype = _placed(0, 0, 23, "warning")
    storm = _placed(1, 18, 23, "info")
    segs = segment(text, 0, len(text), [hype, storm])
    assert [(s.text, s.ids, s.severity) for s in segs] == [
        ("took the world by ", (0,), "warning"),
        ("storm", (0, 1), "warning"),
        (" today", (), ""),
    ]


def test_zero_width_and_blank_findings_become_visible_markers() -> None:
    segs = segment("ab  cd", 0, 6, [_placed(0, 2, 2), _placed(1, 2, 4)])
    assert [(s.text, s.ids, s.empty) for s in segs] == [
        ("ab", (), False), ("", (0,), True), ("  ", (1,), True), ("cd", (), False),
    ]


def test_json_for_script_cannot_close_the_script_element() -> None:
    out = str(json_for_script({"m": "</script><!-- & \u2028"}))
    assert "<" not in out and ">" not in out and "&" not in out and "\u2028" not in out
    assert json.loads(out) == {"m": "</script><!-- & \u2028"}


def test_only_the_html_format_asks_for_documents() -> None:
    assert reporters.needs_documents("html") is True
    assert reporters.needs_documents("text") is False
    assert reporters.needs_documents("json") is False


def _report(run_cli: Any, tmp_path: Path, *names: str, name: str = "report.html") -> Path:
    out = tmp_path / name
    r = run_cli("check", "--config", str(CONFIG), "--format", "html", "-o", str(out),
                *(str(HTML / n) for n in names))
    assert r.code in (0, 1), r.err
    assert r.out == ""
    return out


def _json_findings(run_cli: Any, *names: str) -> list[dict[str, Any]]:
    r = run_cli("check", "--config", str(CONFIG), "--format", "json",
                *(str(HTML / n) for n in names))
    findings: list[dict[str, Any]] = json.loads(r.out)["findings"]
    return findings


def test_feature_fixture_findings_are_exactly_these(run_cli: Any, in_repo: Path) -> None:
    got = [f"{f['rule']} {f['line']}:{f['column']}"
           for f in _json_findings(run_cli, "feature.md")]
    assert got == FEATURE_FINDINGS


def test_report_is_self_contained_and_deterministic(
        run_cli: Any, in_repo: Path, tmp_path: Path) -> None:
    first = _report(run_cli, tmp_path, "feature.md", "notes.txt", name="a.html").read_text()
    second = _report(run_cli, tmp_path, "feature.md", "notes.txt", name="b.html").read_text()
    assert first == second
    assert "<link" not in first and "@import" not in first and "url(" not in first
    assert not re.search(r"\bsrc\s*=", first)
    assert re.findall(r'href="([^"]*)"', first)
    assert all(h.startswith("#") for h in re.findall(r'href="([^"]*)"', first))
    assert "default-src 'none'" in html.unescape(first)


def test_html_goes_to_stdout_without_output(run_cli: Any, in_repo: Path) -> None:
    r = run_cli("check", "--config", str(CONFIG), "--format", "html", str(HTML / "clean.md"))
    assert r.code == 0
    assert r.out.startswith("<!DOCTYPE html>") and "Paper Moons" in r.out


def test_hostile_text_is_escaped_in_the_markup(
        run_cli: Any, in_repo: Path, tmp_path: Path) -> None:
    page = _report(run_cli, tmp_path, "hostile.txt", "hostile.md").read_text()
    body = page.split("<body>", 1)[1]
    assert "<script>window" not in body and "<img" not in body and "<textarea" not in body
    assert "</textarea>" not in body and "<b>week" not in body
    assert "&lt;script&gt;window.__pwned = 1" in body
    assert "{{ 7*7 }}" in body and "49" not in body
    data = body.split('id="factlint-data">', 1)[1].split("</script>", 1)[0]
    assert "<" not in data


# -- in the browser ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def browser_context() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip("chromium is not installed at /usr/bin/chromium (apt-get install chromium); "
                    "the browser tests need it")
    sync_api = pytest.importorskip("playwright.sync_api")
    with tempfile.TemporaryDirectory(prefix="factlint-chromium-") as profile, \
            sync_api.sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            profile, executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True,
            viewport={"width": 1280, "height": 720}, offline=True,
        )
        try:
            yield context
        finally:
            context.close()


class Browser:
    """A page that records console errors, dialogs and every network request."""

    def __init__(self, context: Any) -> None:
        self.page = context.new_page()
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", self._dialog)
        self.page.on("request", lambda r: self.requests.append(r.url))

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def open(self, path: Path) -> Any:
        self.page.goto(path.as_uri())
        self.page.wait_for_function("document.readyState === 'complete'")
        return self.page

    def check_clean(self) -> None:
        assert self.errors == []
        assert self.dialogs == []
        assert all(u.startswith("file://") for u in self.requests), self.requests


@pytest.fixture
def browser(browser_context: Any) -> Iterator[Browser]:
    b = Browser(browser_context)
    yield b
    b.page.close()


def _in_viewport(page: Any, selector: str) -> bool:
    return bool(page.eval_on_selector(selector, """el => {
        const r = el.getBoundingClientRect();
        return r.top >= 0 && r.bottom <= window.innerHeight && r.height > 0;
    }"""))


def _highlight_ids(page: Any) -> dict[str, list[int]]:
    """Finding ids per highlight ('data-f') and where each finding starts ('data-starts')."""
    out: dict[str, list[int]] = page.evaluate("""() => {
        const ids = a => (a || '').split(' ').filter(Boolean).map(Number);
        const marks = [...document.querySelectorAll('mark.hl')];
        return {
            covered: marks.flatMap(m => ids(m.dataset.f)),
            starts: marks.flatMap(m => ids(m.dataset.starts)),
            entries: [...document.querySelectorAll('button.fi')].map(b => Number(b.dataset.f)),
        };
    }""")
    return out


@pytest.mark.parametrize("names", [("feature.md",), ("feature.md", "notes.txt", "clean.md")])
def test_every_finding_has_exactly_one_highlight_start(
        run_cli: Any, in_repo: Path, tmp_path: Path, browser: Browser,
        names: tuple[str, ...]) -> None:
    expected = len(_json_findings(run_cli, *names))
    page = browser.open(_report(run_cli, tmp_path, *names))
    ids = _highlight_ids(page)
    assert expected >= len(FEATURE_FINDINGS)
    assert sorted(ids["starts"]) == list(range(expected))
    assert set(ids["covered"]) == set(range(expected))
    assert sorted(ids["entries"]) == list(range(expected))
    assert page.locator("mark.hl[data-starts]").count() <= expected
    assert page.text_content("#shown-count") == str(expected)
    browser.check_clean()


def test_clicking_a_finding_scrolls_to_its_span_and_marks_it(
        run_cli: Any, in_repo: Path, tmp_path: Path, browser: Browser) -> None:
    page = browser.open(_report(run_cli, tmp_path, "feature.md"))
    page.set_viewport_size({"width": 1280, "height": 420})
    last = len(FEATURE_FINDINGS) - 1  # FL001, at the very end of the article
    target = f'mark.hl[data-f~="{last}"]'
    page.evaluate("window.scrollTo(0, 0)")
    assert not _in_viewport(page, target)
    page.click(f'button.fi[data-f="{last}"]')
    assert _in_viewport(page, target)
    assert "current" in (page.get_attribute(target, "class") or "")
    assert page.get_attribute(f'button.fi[data-f="{last}"]', "aria-current") == "true"
    assert page.locator("mark.hl.current").count() == 1
    assert page.is_visible("#tip") and "invalid-suppression" in page.text_content("#tip")
    # choosing another finding moves the mark
    page.click('button.fi[data-f="0"]')
    assert _in_viewport(page, 'mark.hl[data-f~="0"]')
    assert page.locator("mark.hl.current").count() == 2  # 'took the world by ' and 'storm'
    browser.check_clean()


def test_filters_hide_and_show_findings_and_highlights(
        run_cli: Any, in_repo: Path, tmp_path: Path, browser: Browser) -> None:
    page = browser.open(_report(run_cli, tmp_path, "feature.md"))
    total = len(FEATURE_FINDINGS)
    warnings = page.locator("button.fi.sev-warning").count()
    assert warnings == 5
    page.uncheck('input[data-filter="severity"][value="warning"]')
    assert page.locator("button.fi.sev-warning:visible").count() == 0
    assert page.locator("button.fi:visible").count() == total - warnings
    assert page.text_content("#shown-count") == str(total - warnings)
    # 'must-watch' has only a warning: no longer highlighted; 'storm' keeps its info finding
    must = 'mark.hl[data-starts="6"]'
    assert "off" in (page.get_attribute(must, "class") or "")
    storm = 'mark.hl[data-starts="1"]'
    assert (page.get_attribute(storm, "class") or "").split()[1:2] == ["sev-info"]
    page.check('input[data-filter="severity"][value="warning"]')
    assert page.locator("button.fi:visible").count() == total
    assert "off" not in (page.get_attribute(must, "class") or "")
    assert "sev-warning" in (page.get_attribute(storm, "class") or "")

    page.uncheck('input[data-filter="rule"][value="HS103"]')
    assert not page.is_visible('section.group[data-rule="HS103"]')
    assert page.locator("button.fi:visible").count() == total - 3
    assert "off" in (page.get_attribute('mark.hl[data-starts="4"]', "class") or "")  # 'really'
    page.check('input[data-filter="rule"][value="HS103"]')
    assert page.is_visible('section.group[data-rule="HS103"]')
    assert page.locator("mark.hl.off").count() == 0
    browser.check_clean()


def test_keyboard_moves_to_next_and_previous_visible_finding(
        run_cli: Any, in_repo: Path, tmp_path: Path, browser: Browser) -> None:
    page = browser.open(_report(run_cli, tmp_path, "feature.md"))

    def current() -> list[int]:
        ids: list[int] = page.evaluate(
            "[...new Set([...document.querySelectorAll('button.fi[aria-current=true]')]"
            ".map(b => Number(b.dataset.f)))]")
        return ids

    page.keyboard.press("j")
    assert current() == [0]
    page.keyboard.press("j")
    page.keyboard.press("n")
    assert current() == [2]
    assert page.evaluate("document.activeElement.matches('mark.hl[data-f~=\"2\"]')")
    page.keyboard.press("k")
    assert current() == [1]
    page.keyboard.press("p")
    page.keyboard.press("p")  # wraps round to the last finding
    assert current() == [len(FEATURE_FINDINGS) - 1]
    page.uncheck('input[data-filter="severity"][value="info"]')
    page.keyboard.press("j")  # wraps to the first visible: 0 (warning)
    page.keyboard.press("j")  # skips info finding 1
    assert current() == [2]
    browser.check_clean()


def test_hovering_an_overlap_shows_every_finding_on_it(
        run_cli: Any, in_repo: Path, tmp_path: Path, browser: Browser) -> None:
    page = browser.open(_report(run_cli, tmp_path, "feature.md"))
    page.hover('mark.hl[data-f="0 1"]')
    tip = page.text_content("#tip") or ""
    assert page.is_visible("#tip")
    for text in ("HS101", "hype-phrase", "is hype", "HS103", "hedge-word", "adds nothing"):
        assert text in tip
    page.mouse.move(1, 1)
    assert not page.is_visible("#tip")
    browser.check_clean()


def test_hostile_article_shows_as_text_and_runs_nothing(
        run_cli: Any, in_repo: Path, tmp_path: Path, browser: Browser) -> None:
    page = browser.open(_report(run_cli, tmp_path, "hostile.txt", "hostile.md"))
    page.wait_for_timeout(300)  # give an injected image or script every chance to fire
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.evaluate("document.scripts.length") == 2  # the JSON data and the report's own
    assert page.locator("img, textarea, iframe, object, embed, em, b").count() == 0
    text = page.inner_text("main")
    for shown in ('<script>window.__pwned = 1; alert("script ran")</script>',
                  "onerror=\"window.__pwned = 2; alert('img ran')\"",
                  "</textarea>", "{{ 7*7 }}", "{{ config.items() }}", "<b>week</b>",
                  "<em>markdown</em>", "</style><style>body{display:none}</style>"):
        assert shown in text
    assert "49" not in text
    page.locator("mark.hl", has_text="window.__pwned = 1").hover()
    assert '<script>window.__pwned = 1; alert("script ran")</script>' in (
        page.text_content("#tip") or "")
    assert page.evaluate("typeof window.__pwned") == "undefined"
    browser.check_clean()


def test_index_table_sorts_and_links_to_each_file(
        run_cli: Any, in_repo: Path, tmp_path: Path, browser: Browser) -> None:
    page = browser.open(_report(run_cli, tmp_path, "feature.md", "notes.txt", "clean.md"))

    def files() -> list[str]:
        names: list[str] = page.eval_on_selector_all(
            "table.files tbody tr td:first-child", "tds => tds.map(t => t.textContent.trim())")
        return [n.rsplit("/", 1)[-1] for n in names]

    assert files() == ["clean.md", "feature.md", "notes.txt"]
    page.click("table.files th:nth-child(4) button")  # info: most first
    assert files() == ["feature.md", "notes.txt", "clean.md"]
    page.click("table.files th:nth-child(4) button")
    assert files() == ["clean.md", "notes.txt", "feature.md"]
    page.click("table.files th:nth-child(5) button")  # reading ease: highest first
    assert files() == ["feature.md", "clean.md", "notes.txt"]
    page.click("table.files a[href='#file-3']")
    assert page.evaluate("location.hash") == "#file-3"
    assert _in_viewport(page, "#file-3 .path")
    browser.check_clean()


def test_fixture_report_screenshot(
        run_cli: Any, in_repo: Path, tmp_path: Path, browser: Browser) -> None:
    """Writes test-artifacts/fixture-report.png (the README's screenshot comes from here)."""
    page = browser.open(_report(run_cli, tmp_path, "feature.md"))
    page.set_viewport_size({"width": 1280, "height": 860})
    page.hover('mark.hl[data-f="0 1"]')
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "fixture-report.png"))
    assert (ARTIFACTS / "fixture-report.png").stat().st_size > 10_000
    browser.check_clean()


def _seed() -> Path | None:
    for candidate in (SEED, Path("/work/shared/seed") / SEED.name):
        if candidate.exists():
            return candidate
    return None


def test_seed_report_renders_and_is_screenshotted(
        run_cli: Any, in_repo: Path, tmp_path: Path, browser: Browser) -> None:
    """The real seed article: every finding highlighted, no errors; screenshot for people."""
    seed = _seed()
    if seed is None:
        pytest.skip("the seed article is not on this machine")
    out = tmp_path / "seed.html"
    r = run_cli("check", "--isolated", "--format", "html", "-o", str(out), str(seed))
    assert r.code in (0, 1), r.err
    expected = json.loads(run_cli("check", "--isolated", "--format", "json", str(seed)).out)
    page = browser.open(out)
    ids = _highlight_ids(page)
    assert sorted(ids["starts"]) == list(range(len(expected["findings"])))
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "seed-report.png"), full_page=True)
    assert (ARTIFACTS / "seed-report.png").stat().st_size > 10_000
    browser.check_clean()


def test_findings_outside_the_prose_and_unreadable_files_are_shown(
        run_cli: Any, in_repo: Path, tmp_path: Path, browser: Browser) -> None:
    """Empty files, broken front matter and suppression comments still get a highlight."""
    (tmp_path / "empty.md").write_text("")
    (tmp_path / "blank.txt").write_text("  \n\n \n")
    (tmp_path / "fm.md").write_text("---\ntitle: [unclosed\n---\n\n# Title\n\nSome text.\n")
    out = tmp_path / "edge.html"
    paths = [str(tmp_path / n) for n in ("empty.md", "blank.txt", "fm.md")]
    paths += [str(FIXTURES / "core" / "suppressed.md"), str(tmp_path / "missing.md")]
    only = ("--select", "FL0,FL101")  # the core rules; other families pin their own findings
    r = run_cli("check", "--isolated", *only, "--format", "html", "-o", str(out), *paths)
    assert r.code == 2  # the missing file
    found = json.loads(run_cli("check", "--isolated", *only, "--format", "json", *paths).out)
    assert sorted(f["rule"] for f in found["findings"]) == [
        "FL001", "FL002", "FL002", "FL003", "FL101"]
    page = browser.open(out)
    ids = _highlight_ids(page)
    assert sorted(ids["starts"]) == list(range(len(found["findings"])))
    assert page.locator("mark.hl.empty").count() == 2
    assert page.locator("pre.raw mark.hl", has_text="title: [unclosed").count() == 1
    assert page.locator("pre.raw mark.hl", has_text="factlint-disable-next-line FL999").count() == 1
    assert "missing.md: no such file or directory" in page.inner_text(".run-errors")
    browser.check_clean()
