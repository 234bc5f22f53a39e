"""Approved experiences that resemble a new one, so a writer can react there instead of repeating it.

Character 4-grams inside words, weighted by TF-IDF and compared by cosine: it finds copies, small edits,
reordered sentences and other word forms ("buurtkamer", "buurtkamers") without any model or download.
The index lives in memory, one per process, and is rebuilt when the set of approved experiences changes.
bench/similar_experiences.py measures recall and time per query (figures in docs/similar_experiences.md).
"""

from __future__ import annotations

import math
import re
import threading
import unicodedata
from array import array
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func, select

from wijkstem.extensions import db
from wijkstem.models import Experience
from wijkstem.models.experiences import APPROVED

NGRAM = 4
# Cosine similarity from which an experience counts as "looks like this one" (see the bench).
MIN_SIMILARITY = 0.35
MAX_SIMILAR = 3
# Two steps keep a query fast on a large collection: the query's most telling n-grams (none that more than
# 2% of the texts have) pick candidates, and only those are compared in full.
QUERY_NGRAMS = 120
MAX_DOCUMENT_SHARE = 0.02
CANDIDATES = 20

_NOT_A_LETTER = re.compile(r"[^a-z]+")


@dataclass(frozen=True)
class Match:
    experience_id: int
    municipality_id: int
    similarity: float


def _normalised(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return _NOT_A_LETTER.sub(" ", "".join(c for c in decomposed if not unicodedata.combining(c)))


def ngrams(text: str) -> Counter[str]:
    counts: Counter[str] = Counter()
    for word in _normalised(text).split():
        padded = f" {word} "
        if len(padded) <= NGRAM:
            counts[padded] += 1
            continue
        counts.update(padded[i : i + NGRAM] for i in range(len(padded) - NGRAM + 1))
    return counts


class SimilarityIndex:
    """TF-IDF vectors of texts, stored as postings: for each n-gram the texts that have it, with weights."""

    def __init__(self, documents: Iterable[tuple[int, int, str]]) -> None:
        documents = list(documents)
        counted = [(doc_id, place, ngrams(text)) for doc_id, place, text in documents]
        self.ids = [doc_id for doc_id, _, _ in counted]
        self.places = [place for _, place, _ in counted]
        self.texts = [text for _, _, text in documents]
        document_frequency: Counter[str] = Counter()
        for _, _, counts in counted:
            document_frequency.update(counts.keys())
        total = len(counted)
        self.size = total
        self.idf = {gram: math.log((1 + total) / (1 + df)) + 1 for gram, df in document_frequency.items()}
        self.unseen_idf = math.log(1 + total) + 1
        postings: dict[str, tuple[array, array]] = {}
        self.norms = array("d")
        for position, (_, _, counts) in enumerate(counted):
            weights = {gram: (1 + math.log(n)) * self.idf[gram] for gram, n in counts.items()}
            norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
            self.norms.append(norm)
            for gram, weight in weights.items():
                entry = postings.get(gram)
                if entry is None:
                    entry = postings[gram] = (array("i"), array("f"))
                entry[0].append(position)
                entry[1].append(weight / norm)
        self.postings = postings
        # A small collection is searched whole; pruning only saves time on a large one.
        self.max_postings = max(200, int(total * MAX_DOCUMENT_SHARE))

    def _unit_vector(self, counts: Counter[str]) -> dict[str, float]:
        weights = {gram: (1 + math.log(n)) * self.idf.get(gram, self.unseen_idf) for gram, n in counts.items()}
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        return {gram: weight / norm for gram, weight in weights.items()}

    def search(self, text: str, limit: int = 10, exclude: int | None = None) -> list[Match]:
        counts = ngrams(text)
        if not counts or not self.size:
            return []
        weights = self._unit_vector(counts)
        telling = sorted(
            (gram for gram in weights if gram in self.postings and len(self.postings[gram][0]) <= self.max_postings),
            key=weights.__getitem__,
            reverse=True,
        )[:QUERY_NGRAMS]
        scores: dict[int, float] = {}
        get = scores.get
        for gram in telling:
            query_weight = weights[gram]
            positions, doc_weights = self.postings[gram]
            for position, doc_weight in zip(positions, doc_weights, strict=True):
                scores[position] = get(position, 0.0) + query_weight * doc_weight
        candidates = sorted(scores, key=scores.__getitem__, reverse=True)[:CANDIDATES]
        exact: dict[int, float] = {}
        for position in candidates:
            other = ngrams(self.texts[position])
            shared = sum(
                weight * (1 + math.log(other[gram])) * self.idf[gram]
                for gram, weight in weights.items()
                if gram in other
            )
            exact[position] = shared / self.norms[position]
        best = sorted(exact.items(), key=lambda item: item[1], reverse=True)
        found = []
        for position, score in best:
            if self.ids[position] == exclude:
                continue
            found.append(Match(self.ids[position], self.places[position], round(score, 3)))
            if len(found) == limit:
                break
        return found


def _approved_visible():
    return (Experience.status == APPROVED, Experience.hidden_at.is_(None))


def _version() -> tuple:
    row = db.session.execute(
        select(
            func.count(Experience.id),
            func.max(Experience.id),
            func.max(Experience.updated_at),
            func.max(Experience.approved_at),
        ).where(*_approved_visible())
    ).one()
    return tuple(row)


_lock = threading.Lock()
_indexes: dict[str, tuple[tuple, SimilarityIndex]] = {}


def _index() -> SimilarityIndex:
    """One index per database (tests use several); rebuilt when an experience is approved, edited or hidden."""
    key = str(db.engine.url)
    version = _version()
    with _lock:
        kept = _indexes.get(key)
        if kept is not None and kept[0] == version:
            return kept[1]
    rows = db.session.execute(
        select(Experience.id, Experience.municipality_id, Experience.title, Experience.story).where(
            *_approved_visible()
        )
    ).all()
    index = SimilarityIndex((row.id, row.municipality_id, f"{row.title}. {row.story}") for row in rows)
    with _lock:
        _indexes[key] = (version, index)
    return index


def rank_matches(matches: list[Match], municipality_id: int | None, limit: int = MAX_SIMILAR) -> list[Match]:
    """Close enough to count, the writer's own municipality first, then the most alike."""
    close = [m for m in matches if m.similarity >= MIN_SIMILARITY]
    close.sort(key=lambda m: (m.municipality_id != municipality_id, -m.similarity))
    return close[:limit]


def similar_experiences(
    title: str, story: str, municipality_id: int | None, exclude: int | None = None
) -> list[tuple[Experience, float]]:
    """Up to three approved, visible experiences that look like this text."""
    text = f"{title}. {story}".strip(" .")
    if len(text) < 20:
        return []
    matches = rank_matches(_index().search(text, limit=20, exclude=exclude), municipality_id)
    if not matches:
        return []
    found = {
        e.id: e
        for e in db.session.scalars(select(Experience).where(Experience.id.in_([m.experience_id for m in matches])))
    }
    return [(found[m.experience_id], m.similarity) for m in matches if m.experience_id in found]
