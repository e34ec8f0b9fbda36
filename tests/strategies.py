"""Hypothesis strategies for articles: Markdown and plain text with every odd feature.

Shared by the property tests (short CI profile) and the fuzzing harness (long profile).
"""

from __future__ import annotations

from hypothesis import strategies as st

# Words that repeat often (so headings collide and pack phrases match), with curly
# quotes, accents, Japanese, emoji and words the test pack looks for.
WORDS = [
    "Release", "Date", "season", "2", "trailer", "Cast", "must-watch", "fan’s", "fan's",
    "favourite", "the", "a", "Aqua", "Ruby", "Kana", "studio", "Doga", "Kobo", "café",
    "naïve", "“quoted”", "—", "推しの子", "アニメ", "第2期", "🎬", "it’s", "B-Komachi",
    "July", "2024", "(", ")", ".", "!", "?", ":", "…", "x",
]
HEADINGS = ["Release Date", "Release date", "Cast", "“Cast”", "Season 2 Trailer", "推しの子"]
INLINE = st.one_of(
    st.sampled_from(WORDS),
    st.sampled_from(WORDS).map(lambda w: f"*{w}*"),
    st.sampled_from(WORDS).map(lambda w: f"**{w}**"),
    st.sampled_from(WORDS).map(lambda w: f"_{w}_"),
    st.sampled_from(WORDS).map(lambda w: f"`{w}`"),
    st.sampled_from(WORDS).map(lambda w: f"[{w}](https://example.com/{len(w)})"),
    st.sampled_from(WORDS).map(lambda w: f"![{w}](cover.png)"),
    st.just("<https://example.com/a>"),
    st.just("https://example.com/bare?x=1"),
    st.just("[^1]"),
    st.just("\\*"),
    st.just("&amp;"),
    st.just("&copy;"),
    st.just("<b>"),
    st.just("\t"),
    st.just("  "),
    st.text(min_size=1, max_size=3),
)


@st.composite
def inline_text(draw: st.DrawFn, max_words: int = 12) -> str:
    words = draw(st.lists(INLINE, min_size=1, max_size=max_words))
    return " ".join(words)


@st.composite
def markdown_block(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from([
        "atx", "atx", "atx", "setext", "para", "para", "list", "ordered", "quote", "fence",
        "indented", "table", "footnote", "comment", "directive", "plain-heading", "hr", "html",
    ]))
    text = draw(inline_text())
    heading = draw(st.one_of(st.sampled_from(HEADINGS), inline_text(max_words=3)))
    if kind == "atx":
        return "#" * draw(st.integers(1, 6)) + " " + heading
    if kind == "setext":
        return heading + "\n" + draw(st.sampled_from(["===", "---"]))
    if kind == "list":
        items = draw(st.lists(st.tuples(st.integers(0, 4), inline_text()), min_size=1,
                              max_size=5))
        return "\n".join("  " * depth + "- " + item for depth, item in items)
    if kind == "ordered":
        items = draw(st.lists(inline_text(), min_size=1, max_size=4))
        return "\n".join(f"{i}. {item}" for i, item in enumerate(items, 1))
    if kind == "quote":
        depth = draw(st.integers(1, 4))
        lines = draw(st.lists(inline_text(), min_size=1, max_size=3))
        return "\n".join(">" * depth + " " + line for line in lines)
    if kind == "fence":
        return f"```\n{text}\n```"
    if kind == "indented":
        return "    " + text
    if kind == "table":
        return f"| a | b |\n|---|---|\n| {text} | {draw(inline_text())} |"
    if kind == "footnote":
        return f"[^1]: {text}"
    if kind == "comment":
        return f"<!-- {text} -->"
    if kind == "directive":
        return draw(st.sampled_from([
            "<!-- factlint-disable FL101 -->", "<!-- factlint-enable -->",
            "<!-- factlint-disable-next-line HOUSE101 -->", "<!-- factlint-disable FL999 -->",
            "factlint: disable=FL101", "factlint: disable-next-line", "factlint: enable",
        ]))
    if kind == "plain-heading":
        return heading
    if kind == "hr":
        return "---"
    if kind == "html":
        return f"<div>\n{text}\n</div>"
    lines = draw(st.lists(inline_text(), min_size=1, max_size=3))
    return "\n".join(lines)


@st.composite
def article(draw: st.DrawFn) -> str:
    """A Markdown or plain-text article, newlines already chosen (LF, CRLF, CR or mixed)."""
    blocks = draw(st.lists(markdown_block(), min_size=0, max_size=10))
    front = draw(st.sampled_from(["", "", "---\ntitle: Aqua\n---\n", "---\ntitle: [x\n---\n",
                                  "---\n- a\n---\n"]))
    seps = draw(st.lists(st.sampled_from(["\n\n", "\n", "\n\n\n", "\n \n"]),
                         min_size=len(blocks), max_size=len(blocks)))
    body = front + "".join(b + s for b, s in zip(blocks, seps, strict=True))
    newline = draw(st.sampled_from(["\n", "\r\n", "\r", "mixed"]))
    if newline == "mixed":
        parts = body.split("\n")
        ends = draw(st.lists(st.sampled_from(["\n", "\r\n", "\r"]), min_size=len(parts),
                             max_size=len(parts)))
        return "".join(p + e for p, e in zip(parts, ends, strict=True))
    return body.replace("\n", newline)


# Anything at all, including control characters and Unicode line separators.
RAW_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=["Cs"]), max_size=400
)
