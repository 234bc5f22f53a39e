"""Writing help for residents: where a text is harder to read than B1, said as friendly hints.

Everything runs offline: the common words come from wordfreq's Dutch list and the readability score
is Flesch-Douma (textstat with lang "nl", syllables counted by pyphen), both shipped inside their
packages. The review only advises; it never stops a text from being sent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from textstat.textstat import textstatistics
from wordfreq import top_n_list

# A sentence with more words than this is hard to follow at B1.
LONG_SENTENCE_WORDS = 20
# Flesch-Douma: B1 texts (the samples in tests/test_writing_help.py) score 60 or more; officialese below 45.
EASY_SCORE, HARD_SCORE = 60.0, 45.0
# Below this many words the score says little, so it is not shown.
SCORE_MIN_WORDS = 20
# The most frequent words in wordfreq's Dutch list count as common, and so do compounds of two very common
# words ("buurtkamer" = buurt + kamer), which Dutch makes freely and no frequency list holds.
COMMON_WORDS, COMPOUND_PART_WORDS = 10_000, 5_000
MAX_RARE_WORDS = 10
# Words of this site that readers know from every page.
SITE_WORDS = frozenset({"wijkstem", "wijkaanpak", "manifest", "pijler", "pijlers", "moderator"})

_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+|\n\s*\n|\n(?=\s*[-*•])")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*", re.UNICODE)


@dataclass(frozen=True)
class LongSentence:
    text: str
    words: int


@dataclass(frozen=True)
class WritingReview:
    words: int
    long_sentences: tuple[LongSentence, ...]
    rare_words: tuple[str, ...]
    score: float | None  # Flesch-Douma, 0 (hard) to 100 (easy); None for a text too short to say

    @property
    def level(self) -> str | None:
        if self.score is None:
            return None
        if self.score >= EASY_SCORE:
            return "easy"
        return "fair" if self.score >= HARD_SCORE else "hard"

    @property
    def has_hints(self) -> bool:
        return bool(self.long_sentences or self.rare_words or self.level in {"fair", "hard"})


@cache
def _frequent_words() -> tuple[frozenset[str], frozenset[str]]:
    words = top_n_list("nl", COMMON_WORDS)
    return frozenset(words), frozenset(words[:COMPOUND_PART_WORDS])


@cache
def _readability() -> textstatistics:
    stats = textstatistics()
    stats.set_lang("nl")
    return stats


def sentences_of(text: str) -> list[str]:
    return [part.strip() for part in _SENTENCE_END.split(text) if part and part.strip()]


def words_of(text: str) -> list[str]:
    return _WORD.findall(text)


def _is_compound_of_common_words(word: str, parts: frozenset[str]) -> bool:
    for cut in range(3, len(word) - 2):
        head, tail = word[:cut], word[cut:]
        if tail in parts and (head in parts or (head.endswith("s") and head[:-1] in parts)):
            return True
    return False


def is_common_word(word: str) -> bool:
    common, parts = _frequent_words()
    lower = word.lower()
    return (
        len(lower) <= 3
        or lower in common
        or lower in SITE_WORDS
        or all(piece in common for piece in lower.split("-") if piece)
        or _is_compound_of_common_words(lower, parts)
    )


def _rare_words(sentences: list[str]) -> tuple[str, ...]:
    found: dict[str, str] = {}
    for sentence in sentences:
        for position, word in enumerate(words_of(sentence)):
            # A capital inside a sentence is a name (of a person, a street, a wijk): not for us to judge.
            if position > 0 and word[0].isupper():
                continue
            key = word.lower()
            if key not in found and not is_common_word(word):
                found[key] = key
    return tuple(found.values())[:MAX_RARE_WORDS]


def review_text(text: str) -> WritingReview:
    """Long sentences, uncommon words and the Flesch-Douma score of a resident's text."""
    sentences = sentences_of(text or "")
    long_sentences = []
    total = 0
    for sentence in sentences:
        count = len(words_of(sentence))
        total += count
        if count > LONG_SENTENCE_WORDS:
            long_sentences.append(LongSentence(sentence, count))
    score = None
    if total >= SCORE_MIN_WORDS:
        # One sentence per line or paragraph too, also when the writer left out the full stop.
        joined = " ".join(s if s[-1] in ".!?…" else s + "." for s in sentences)
        score = max(0.0, min(100.0, round(_readability().flesch_reading_ease(joined), 1)))
    return WritingReview(
        words=total, long_sentences=tuple(long_sentences), rare_words=_rare_words(sentences), score=score
    )
