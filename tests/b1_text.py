"""What a page or a mail says in its own words, measured for plain Dutch (B1): tests/test_b1_language.py.

The visible text of a page (the <main> element, and the header and footer once), split into blocks and
sentences, minus the manifesto's own verbatim text and people's own words (both quoted, not ours).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from wijkstem.services.content.glossary import ACCEPTED_WORDS, EXPLAINED_TERMS
from wijkstem.services.experiences.writing_help import (
    LONG_SENTENCE_WORDS,
    _readability,
    is_common_word,
    sentences_of,
    words_of,
)

MANIFEST_FILE = Path(__file__).resolve().parents[1] / "wijkstem" / "content" / "manifest.toml"

# Elements whose text is not read as running text: code and scripts, and what is hidden.
SKIPPED = {"script", "style", "svg", "template", "code", "pre", "kbd", "samp", "noscript", "select", "textarea"}
BLOCKS = {
    *("p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "div", "td", "th", "label", "button", "dt", "dd"),
    *("summary", "legend", "option", "section", "article", "header", "footer", "nav", "tr", "br", "figcaption"),
    *("blockquote", "main", "form", "fieldset", "ul", "ol", "dl", "table", "caption", "aside", "details", "hr"),
}
URL = re.compile(r"https?://\S+|\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b|(?<!\w)/[\w\-/.?=&#%]+|\blocalhost\S*")
VOID = {"br", "hr", "img", "input", "meta", "link", "source", "area", "base", "col", "embed", "wbr", "track"}


class _TextBlocks(HTMLParser):
    def __init__(self, region: str) -> None:
        super().__init__(convert_charrefs=True)
        self.region = region  # "main" (the page's own content) or "frame" (header and footer)
        self.blocks: list[str] = []
        self._current: list[str] = []
        self._stack: list[tuple[str, bool]] = []  # (tag, skipped)
        self._in_main = 0

    @property
    def _skipping(self) -> bool:
        return any(skipped for _tag, skipped in self._stack)

    def _flush(self) -> None:
        text = " ".join(URL.sub(" ", "".join(self._current).replace("\u00ad", "")).split())
        if text:
            self.blocks.append(text)
        self._current = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag in BLOCKS:
            self._flush()
        if tag == "input" and values.get("type") in {"submit", "button"} and not self._skipping and self._wanted():
            self.blocks.append(values.get("value") or "")
        if tag in VOID:
            return
        skipped = (
            tag in SKIPPED
            or "hidden" in values
            or values.get("aria-hidden") == "true"
            or values.get("translate") == "no"
            or "data-vaktaal" in values  # specialist text, marked as such (the formulas on /over)
        )
        if tag == "main":
            self._in_main += 1
        self._stack.append((tag, skipped))

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if tag in BLOCKS:
            self._flush()
        while self._stack:
            open_tag, _skipped = self._stack.pop()
            if open_tag == "main":
                self._in_main -= 1
            if open_tag == tag:
                break

    def _wanted(self) -> bool:
        return bool(self._in_main) == (self.region == "main")

    def handle_data(self, data):
        if not self._skipping and self._wanted() and any(tag == "body" for tag, _ in self._stack):
            self._current.append(data)


def html_blocks(html: str, region: str = "main") -> list[str]:
    parser = _TextBlocks(region)
    parser.feed(html)
    parser.close()
    parser._flush()
    return parser.blocks


def mail_blocks(text: str) -> list[str]:
    """A plain-text mail: paragraphs and list lines; links and addresses are not words."""
    blocks = []
    for paragraph in re.split(r"\n\s*\n", text):
        for line in re.split(r"\n(?=\s*[-*•])", paragraph):
            line = " ".join(URL.sub(" ", line).split())
            if line:
                blocks.append(line)
    return blocks


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def manifesto_verbatim() -> list[str]:
    """Every text of manifest.toml: the manifesto and the dossier as published, quoted word for word."""
    content = tomllib.loads(MANIFEST_FILE.read_text(encoding="utf-8"))
    return [" ".join(s.split()) for s in _strings(content) if len(s.split()) >= 1 and not s.startswith("http")]


def without_quotes(blocks: list[str], quoted: list[str]) -> list[str]:
    """Blocks with the quoted texts (manifesto, people's own words and names) taken out, as whole words."""
    longest_first = sorted({" ".join(q.split()) for q in quoted if q.strip()}, key=len, reverse=True)
    whole = set(longest_first)
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(q) for q in longest_first) + r")(?!\w)")
    long_quotes = [q for q in longest_first if len(q.split()) >= 3]
    kept = []
    for block in blocks:
        if block in whole or (len(block.split()) >= 3 and any(block in quote for quote in long_quotes)):
            continue
        block = " ".join(pattern.sub(" ", block).split())
        if words_of(block):
            kept.append(block)
    return kept


RUNNING_TEXT_WORDS = 4
SCORE_MIN_WORDS = 20


@dataclass(frozen=True)
class Measure:
    words: int
    sentences: int
    score: float | None
    long_sentences: tuple[str, ...]
    rare_words: tuple[str, ...]


def _is_known(word: str) -> bool:
    lower = word.lower()
    return is_common_word(word) or lower in ACCEPTED_WORDS or lower in EXPLAINED_TERMS


def measure(blocks: list[str]) -> Measure:
    sentences = [s for block in blocks for s in sentences_of(block)]
    total = 0
    long_ones = []
    rare: dict[str, None] = {}
    for sentence in sentences:
        words = words_of(sentence)
        total += len(words)
        if len(words) > LONG_SENTENCE_WORDS:
            long_ones.append(sentence)
        for position, word in enumerate(words):
            if position > 0 and word[0].isupper():
                continue  # a name
            if word.isupper() and len(word) > 1:
                continue  # an abbreviation (CBS, PDF): said in full where it matters
            if not _is_known(word):
                rare[word.lower()] = None
    # The score is for running text: labels, headings and buttons of one to three words are left out.
    running = [s for s in sentences if len(words_of(s)) >= RUNNING_TEXT_WORDS]
    score = None
    if sum(len(words_of(s)) for s in running) >= SCORE_MIN_WORDS:
        joined = " ".join(s if s[-1] in ".!?…:" else s + "." for s in running)
        score = max(0.0, min(100.0, round(_readability().flesch_reading_ease(joined), 1)))
    return Measure(total, len(sentences), score, tuple(long_ones), tuple(rare))
