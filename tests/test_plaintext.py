"""Plain-text reading: info boxes, datelines and page debris around headings and the title."""

from __future__ import annotations

from factlint.parse import parse_document


def _kinds(src: str) -> list[tuple[int, str]]:
    return [(b.line, b.kind.value) for b in parse_document("a.txt", src).blocks]


def test_info_box_lines_are_table_cells() -> None:
    src = ("Spring Releases\n\n"
           "Cloudline - Paper Satellites\n"
           "Genre: Dream pop\nRelease Date: 2 May 2024\nRuntime: 38:10\nTracks:\n"
           "Orbit (4:02), Paper (3:15), Satellites (5:40)\n\n"
           "The band's second album is warmer than its first.\n")
    assert _kinds(src) == [(1, "heading"), (3, "table_cell"), (4, "table_cell"),
                           (5, "table_cell"), (6, "table_cell"), (7, "table_cell"),
                           (8, "table_cell"), (10, "paragraph")]


def test_one_label_line_and_long_answers_stay_prose() -> None:
    """A lone "Streams: ..." line is not a box; "Speaker: long answer." lines are prose."""
    src = ("Studio Visit\n\nStreams: Nimbus+ on Fridays\n\n"
           "Host: What changed between the first and the second season of the show for you?\n"
           "Director: We moved half of the story to the mainland and rebuilt the whole set.\n\n"
           "Host: Why the mainland?\nDirector: It felt much bigger to us.\n")
    assert _kinds(src) == [(1, "heading"), (3, "paragraph"), (5, "paragraph"),
                           (6, "paragraph"), (8, "paragraph"), (9, "paragraph")]


def test_box_caption_only_when_it_starts_a_paragraph() -> None:
    src = ("Weekly Guide\n\nThe schedule changes this week.\nMonday: Harbor Lights\n"
           "Tuesday: Night Ferry\n\nBoth air at nine.\n")
    # The sentence above the box is prose, not a caption.
    assert _kinds(src) == [(1, "heading"), (3, "paragraph"), (4, "table_cell"),
                           (5, "table_cell"), (7, "paragraph")]


def test_a_box_label_does_not_swallow_a_prose_line() -> None:
    src = ("Album Notes\n\nLabel: Driftwood\nYear: 2022\nSynopsis:\n"
           "A lighthouse keeper's daughter tells the story of her town.\n")
    assert _kinds(src) == [(1, "heading"), (3, "table_cell"), (4, "table_cell"),
                           (5, "table_cell"), (6, "paragraph")]


def test_issue_numbers_and_datelines_are_not_headings() -> None:
    src = ("Harbour Lights Reviewed\n\nIssue 2023-017\n\nMarch 3, 2024\n\nEpisode 12\n\n"
           "The finale ties up the harbour story.\n")
    assert _kinds(src) == [(1, "heading"), (3, "paragraph"), (5, "paragraph"),
                           (7, "heading"), (9, "paragraph")]


def test_debris_before_the_title_is_skipped() -> None:
    src = ("- remind me tomorrow\n- never remind me\n\nAds Top\n\n"
           "Harbor Lights Returns in October\n\nThe third season opens at the harbour.\n")
    doc = parse_document("a.txt", src)
    assert doc.title == "Harbor Lights Returns in October"
    assert doc.title_block is not None and doc.title_block.line == 6


def test_debris_is_never_a_heading_and_does_not_confirm_one() -> None:
    """A heading needs body text; an ad label after a heading is not body, but the text
    after the label is. A "Related Story" lead-in makes the next line a link, not a heading."""
    src = ("Harbor Lights Review\n\nCast\n\nAdvertisement\n\nLena is played by Ana Ruiz.\n\n"
           "Related Story\n\nNight Ferry Renewed For Season Two\n\nThe Verdict\n\n"
           "It is the best drama of the year.\n")
    headings = [(b.line, b.level) for b in parse_document("a.txt", src).headings]
    assert headings == [(1, 1), (3, 2), (13, 2)]


def test_debris_entries_can_be_passed_in() -> None:
    """A run's own FL204 entries decide what is debris (here: nothing is)."""
    src = "Ads Top\n\nHarbor Lights Returns\n\nThe third season opens at the harbour.\n"
    assert parse_document("a.txt", src).title == "Harbor Lights Returns"
    assert parse_document("a.txt", src, debris=[]).title == "Ads Top"


def test_abbreviation_full_stops_do_not_split_a_heading() -> None:
    src = ("Monster Files\n\nKaiju No. 8 Episode 1 Review\n\nThe premiere is loud.\n\n"
           "It Ended. The End\n\nThe credits roll.\n")
    assert _kinds(src) == [(1, "heading"), (3, "heading"), (5, "paragraph"), (7, "paragraph"),
                           (9, "paragraph")]


def test_a_score_is_a_label_but_a_one_word_line_is_text() -> None:
    src = ("Harbour Lights Reviewed\n\n8.4\n\nThe finale ties up the harbour story.\n\n"
           "Cast Notes\n\nOk.\n\nA- ★★★★\n\nThe lead carries every scene.\n")
    roles = {b.line: b.page_role.value for b in parse_document("r.txt", src).blocks}
    assert roles == {1: "title", 3: "label", 5: "prose", 7: "heading", 9: "prose",
                     11: "label", 13: "prose"}


def _roles(src: str) -> list[tuple[int, str]]:
    return [(b.line, b.page_role.value) for b in parse_document("a.txt", src).blocks]


def test_a_headline_opening_on_a_quoted_title_is_the_title() -> None:
    src = ("‘Harbor Lights’ update: Mara Quill Promises a Second Season\n\n"
           "The showrunner spoke at the festival on Friday.\n")
    doc = parse_document("a.txt", src)
    assert doc.title == "‘Harbor Lights’ update: Mara Quill Promises a Second Season"
    src = "“Night Ferry” Returns for a Third Season\n\nThe ferry sails again in May.\n"
    assert parse_document("a.txt", src).title == "“Night Ferry” Returns for a Third Season"


def test_a_byline_with_its_date_after_a_separator_is_a_byline() -> None:
    """"By Name | 2 years ago" and "By Name - March 3, 2024" are bylines; the headline
    pasted again on the next line (no blank line between) is the dek, not prose."""
    src = ("Harbor Lights Promises a Second Season\n\n"
           "By Mara Quill | 2 years ago\n"
           "Harbor Lights Promises a Second Season\n\n"
           "The showrunner spoke at the festival on Friday.\n")
    assert _roles(src) == [(1, "title"), (3, "byline"), (4, "dek"), (6, "prose")]
    src = ("Harbor Lights Promises a Second Season\n\n"
           "By Mara Quill and Ode Finch - March 3, 2024\n\n"
           "The showrunner spoke at the festival on Friday.\n")
    assert _roles(src) == [(1, "title"), (3, "byline"), (5, "prose")]


def test_prose_opening_on_by_is_not_a_byline() -> None:
    src = ("Harbor Lights Promises a Second Season\n\n"
           "By Friday - the day the trailer drops - fans will know more.\n\n"
           "By Mara Quill's count | the show has three more seasons in it.\n")
    assert _roles(src) == [(1, "title"), (3, "prose"), (5, "prose")]


def test_a_label_ending_on_a_score_is_a_label() -> None:
    src = ("Night Ferry Review\n\nWorth every minute: 4.5/5\n\nGraphics - 9/10\n"
           "The harbour levels look sharp on the new console.\n\n"
           "Critics gave the game 9/10 across the board.\n")
    assert _roles(src) == [(1, "title"), (3, "label"), (5, "label"), (6, "prose"),
                           (8, "prose")]


def test_a_headline_over_one_line_paragraphs_is_the_title() -> None:
    """A page with one paragraph per line and no blank lines: the short first line is the
    headline; the first line of wrapped prose (as long as the lines under it) is not."""
    src = ("Lantern Road to return for a second season next year\n"
           "TOKYO, May 2 -- The studio behind Lantern Road said on Monday that the anime will "
           "return for a second season next year, with the same director.\n"
           "The first season aired in the spring and adapted the first four volumes.\n")
    doc = parse_document("a.txt", src)
    assert doc.title == "Lantern Road to return for a second season next year"
    assert _roles(src) == [(1, "title"), (2, "prose"), (3, "prose")]
    wrapped = ("The studio behind Lantern Road said on Monday that the anime will\n"
               "Return for a second season next year, with the same director and\n"
               "the same cast.\n")
    assert parse_document("b.txt", wrapped).title_block is None
    over = ("The first season of the show was produced by\n"
            "Studio Lumen in the spring of 2021, and it adapted the first four volumes of the"
            " manga.\n")
    assert parse_document("c.txt", over).title_block is None
