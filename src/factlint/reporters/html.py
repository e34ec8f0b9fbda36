"""Editor's report: one self-contained HTML page showing each article with its findings.

The page carries its CSS and JS inline and fetches nothing, so it opens offline and as a CI
artifact. Article text is untrusted: every piece of it reaches the page through Jinja2's
autoescaping, and the data the script needs is embedded as JSON with ``<``, ``>`` and ``&``
escaped, so no text in an article can close a tag or start a script. A Content-Security-Policy
allowing only the page's own script and style (by hash) backs that up.

Layout work (where each finding sits, how overlapping findings split a span) happens here, in
Python, so the template only prints prepared pieces.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from factlint import __version__
from factlint.positions import LineIndex
from factlint.reporters import ReportOptions

if TYPE_CHECKING:
    from factlint.engine import RunResult
    from factlint.finding import Finding
    from factlint.summary import BlockView, DocumentView

CI_SAFE = "html"  # see factlint.reporters._neutralised

NEEDS_DOCUMENTS = True  # the CLI asks the engine for a DocumentView per file

SEVERITIES = ("error", "warning", "info")
_RANK = {"info": 0, "warning": 1, "error": 2}
ICONS = {"error": "✖", "warning": "▲", "info": "●"}
_TAGS = {"paragraph": "p", "list_item": "p", "table_cell": "p", "footnote": "p"}


@dataclass
class Placed:
    """A finding with its report-wide id and its source offsets in its document."""

    id: int
    finding: Finding
    start: int
    end: int
    section: int = 0


@dataclass
class Segment:
    """A stretch of source text with the findings covering it (none: plain text)."""

    text: str
    ids: tuple[int, ...] = ()
    severity: str = ""  # highest severity among ``ids``
    empty: bool = False  # a marker for a zero-width finding or one over blank text
    starts: tuple[int, ...] = ()  # findings whose first piece this is (gets the icon)
    start_severity: str = ""  # highest severity among ``starts``: the icon shown


@dataclass
class Region:
    """A block of the article (or raw source a finding sits in) cut into segments."""

    kind: str  # heading | paragraph | list_item | table_cell | footnote | raw
    level: int
    in_quote: bool
    segments: list[Segment]
    anchor: str = ""  # id of a heading, target of the section bar's links

    @property
    def tag(self) -> str:
        if self.kind == "heading":
            return f"h{min(max(self.level, 1) + 1, 6)}"
        return "pre" if self.kind == "raw" else _TAGS.get(self.kind, "p")


@dataclass
class SectionBar:
    """One column of the per-section SVG bar."""

    label: str
    anchor: str
    counts: dict[str, int]
    x: float = 0.0
    width: float = 0.0
    rects: list[tuple[str, float, float]] = field(default_factory=list)  # severity, y, height

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass
class FileReport:
    index: int
    anchor: str
    view: DocumentView | None
    path: str
    placed: list[Placed]
    regions: list[Region]
    bars: list[SectionBar]
    counts: dict[str, int]


def severity_of(findings: list[Placed]) -> str:
    return max((p.finding.severity.value for p in findings), key=_RANK.__getitem__, default="")


def offsets(lines: LineIndex, source_len: int, f: Finding) -> tuple[int, int]:
    """Source offsets of a finding from its 1-based line and column."""
    def at(line: int, col: int) -> int:
        line = min(max(line, 1), lines.line_count)
        return min(lines.line_start(line) + max(col, 1) - 1, source_len)

    start = at(f.line, f.column)
    return start, max(start, at(f.end_line, f.end_column))


def segment(source: str, start: int, end: int, placed: list[Placed],
            text_of: Callable[[int, int], str] | None = None) -> list[Segment]:
    """Cut ``source[start:end]`` at every finding boundary inside it.

    Each stretch lists every finding covering it, so overlapping findings split a span into
    pieces that each show all of theirs. A zero-width finding becomes an empty marker.
    """
    covering = [p for p in placed if p.start < end and p.end > start]
    points = {start, end}
    for p in covering:
        points.update(x for x in (p.start, p.end) if start < x < end)
    zero = [p for p in placed if p.start == p.end and start <= p.start <= end]
    cuts = sorted(points)
    out: list[Segment] = []

    def markers(at: int) -> None:
        here = [p for p in zero if p.start == at]
        if here:
            out.append(Segment("", tuple(p.id for p in here), severity_of(here), empty=True))

    for a, b in pairwise(cuts):
        markers(a)
        on = [p for p in covering if p.start <= a and p.end >= b]
        text = text_of(a, b) if text_of is not None else source[a:b]
        if on and not text.strip():
            out.append(Segment(text, tuple(p.id for p in on), severity_of(on), empty=True))
        else:
            out.append(Segment(text, tuple(p.id for p in on), severity_of(on)))
    markers(end)
    return out


def _intersects(p: Placed, start: int, end: int) -> bool:
    if p.start == p.end:
        return start <= p.start <= end
    return p.start < end and p.end > start


def layout(view: DocumentView, placed: list[Placed], anchor: str) -> tuple[
        list[Region], list[SectionBar]]:
    """The regions to print and the section bar of one document."""
    source = view.source
    lines = LineIndex(source)
    blocks: list[BlockView] = sorted(view.blocks, key=lambda b: (b.start, b.end))
    spans: list[tuple[int, int, BlockView | None]] = [(b.start, b.end, b) for b in blocks]
    # Findings outside every block (a suppression comment, front matter, an empty file) are
    # shown on their raw source lines, so that every finding has a highlight.
    for p in placed:
        if any(_intersects(p, s, e) for s, e, _ in spans):
            continue
        line, _ = lines.position(p.start)
        end_line, _ = lines.position(p.end)
        lo, hi = lines.line_start(line), max(lines.line_end(end_line), p.end)
        lo = max([lo, *(e for s, e, _ in spans if e <= p.start)])
        hi = min([hi, *(s for s, e, _ in spans if s >= p.end)])
        spans.append((lo, hi, None))
    spans.sort(key=lambda s: (s[0], s[1]))
    merged: list[tuple[int, int, BlockView | None]] = []
    for s, e, b in spans:
        if b is None and merged and merged[-1][2] is None and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]), None)
        else:
            merged.append((s, e, b))

    # Sections: the stretch before the first heading (if it has text), then one per heading.
    heads = [b for b in blocks if b.kind == "heading"]
    intro = not heads or any(b.start < heads[0].start for b in blocks)
    owners: list[BlockView | None] = [None, *heads] if intro else list(heads)
    los = [0] + [h.start for h in (heads if intro else heads[1:])]
    his = [*los[1:], len(source) + 1]
    bars: list[SectionBar] = []
    anchors: dict[int, str] = {}
    for i, (head, lo, hi) in enumerate(zip(owners, los, his, strict=True)):
        label = " ".join(view.text(head.start, head.end).split()) if head else "Opening"
        bar = SectionBar(label or "(untitled)", f"{anchor}-s{i + 1}", dict.fromkeys(SEVERITIES, 0))
        bars.append(bar)
        if head is not None:
            anchors[head.start] = bar.anchor
        for p in placed:
            if lo <= p.start < hi:
                p.section = i
                bar.counts[p.finding.severity.value] += 1
    _scale_bars(bars)

    regions = []
    for s, e, b in merged:
        segs = segment(source, s, e, placed, view.text)
        if b is None:
            regions.append(Region("raw", 0, False, segs))
        else:
            regions.append(Region(b.kind, b.level, b.in_quote, segs,
                                  anchors.get(b.start, "") if b.kind == "heading" else ""))
    if intro and bars and regions:
        regions[0].anchor = regions[0].anchor or bars[0].anchor
    seen: set[int] = set()
    by_id = {p.id: p for p in placed}
    for region in regions:
        for seg in region.segments:
            seg.starts = tuple(i for i in seg.ids if i not in seen)
            seg.start_severity = severity_of([by_id[i] for i in seg.starts])
            seen.update(seg.ids)
    return regions, bars


BAR_WIDTH, BAR_HEIGHT, BAR_GAP = 600.0, 36.0, 3.0


def _scale_bars(bars: list[SectionBar]) -> None:
    """Column positions and stacked heights (errors at the bottom) in the SVG's units."""
    if not bars:
        return
    peak = max(1, *(b.total for b in bars))
    width = (BAR_WIDTH - BAR_GAP * (len(bars) - 1)) / len(bars)
    for i, bar in enumerate(bars):
        bar.x, bar.width = round(i * (width + BAR_GAP), 2), round(width, 2)
        y = BAR_HEIGHT
        for sev in SEVERITIES:
            n = bar.counts[sev]
            if n:
                h = round(n / peak * (BAR_HEIGHT - 2), 2)
                y = round(y - h, 2)
                bar.rects.append((sev, y, h))


def sev_word(severity: str, n: int) -> str:
    """"1 error", "2 warnings", "3 info"."""
    return severity if n == 1 or severity == "info" else severity + "s"


def reading_label(ease: float | None) -> str:
    """The usual plain-words reading of a Flesch reading-ease score."""
    if ease is None:
        return ""
    for floor, label in ((90, "very easy"), (80, "easy"), (70, "fairly easy"), (60, "plain"),
                         (50, "fairly difficult"), (30, "difficult")):
        if ease >= floor:
            return label
    return "very difficult"


def build(result: RunResult) -> list[FileReport]:
    """Every file of the run with its findings placed, in path order."""
    by_path: dict[str, list[Finding]] = {}
    for f in result.findings:
        by_path.setdefault(f.path, []).append(f)
    paths = sorted(set(result.documents) | set(by_path))
    reports: list[FileReport] = []
    next_id = 0
    for n, path in enumerate(paths):
        view = result.documents.get(path)
        lines = LineIndex(view.source) if view else None
        placed = []
        for f in by_path.get(path, []):
            start, end = offsets(lines, len(view.source), f) if view and lines else (0, 0)
            placed.append(Placed(next_id, f, start, end))
            next_id += 1
        anchor = f"file-{n + 1}"
        regions, bars = layout(view, placed, anchor) if view else ([], [])
        counts = Counter(p.finding.severity.value for p in placed)
        reports.append(FileReport(n + 1, anchor, view, path, placed, regions, bars,
                                  {s: counts.get(s, 0) for s in SEVERITIES}))
    return reports


def json_for_script(data: Any) -> Markup:
    """JSON safe inside ``<script type="application/json">``: no ``</``, ``<!--`` or ``&``."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    for ch, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("#", "\\u0023"),
                    ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(ch, esc)
    return Markup(text)


@cache
def _asset(name: str) -> str:
    text = resources.files("factlint.reporters").joinpath("templates", name).read_text("utf-8")
    if "</" in text or "<!--" in text:
        raise RuntimeError(f"{name} must not contain '</' (it is inlined in the page)")
    return text


def _csp_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


@cache
def _environment() -> Environment:
    env = Environment(loader=PackageLoader("factlint.reporters", "templates"), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                      keep_trailing_newline=True)
    env.globals.update(ICONS=ICONS, SEVERITIES=SEVERITIES, BAR_WIDTH=BAR_WIDTH,
                       BAR_HEIGHT=BAR_HEIGHT, reading_label=reading_label, sev_word=sev_word)
    return env


def render(result: RunResult, options: ReportOptions) -> str:
    files = build(result)
    placed = [p for fr in files for p in fr.placed]
    multi = len(files) > 1
    rules: dict[str, dict[str, Any]] = {}
    for p in placed:
        f = p.finding
        group = rules.setdefault(f.rule, {"code": f.rule, "name": f.name, "items": [],
                                          "summary": ""})
        cls = options.rules.get(f.rule)
        group["summary"] = cls.summary if cls is not None else ""
        group["items"].append(p)
    groups = [rules[c] for c in sorted(rules)]
    data = {
        "findings": [
            {"id": p.id, "rule": p.finding.rule, "name": p.finding.name,
             "severity": p.finding.severity.value, "message": p.finding.message,
             "path": p.finding.path, "line": p.finding.line, "column": p.finding.column}
            for p in placed
        ],
    }
    css, js = _asset("report.css"), _asset("report.js")
    csp = (f"default-src 'none'; style-src {_csp_hash(css)}; script-src {_csp_hash(js)}; "
           "img-src 'none'; connect-src 'none'; base-uri 'none'; form-action 'none'")
    totals = Counter(p.finding.severity.value for p in placed)
    template = _environment().get_template("report.html.j2")
    return template.render(
        files=files, multi=multi, groups=groups, data=json_for_script(data),
        css=Markup(css), js=Markup(js), csp=csp, version=__version__,
        totals={s: totals.get(s, 0) for s in SEVERITIES}, total=len(placed),
        errors=list(result.errors), files_checked=result.files_checked,
    )
