"""Approved experiences that resemble a new one, so a writer can react there instead of repeating it.

Character 4-grams inside words, weighted by TF-IDF and compared by cosine: it finds copies, small edits,
reordered sentences and other word forms ("buurtkamer", "buurtkamers") without any model or download.
The index lives in memory, one per process; an approval, edit or hide updates it one experience at a time.
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
from dataclasses import dataclass, field

from flask import current_app
from sqlalchemy import func, or_, select

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
    """TF-IDF vectors of texts, stored as postings: for each n-gram the texts that have it, with weights.

    Texts can be added and removed one at a time (`add`, `remove`): an approval costs the n-grams of one
    text, not a rebuild. A text's weights use the IDF of the moment it was added; as the collection grows
    those drift a little, so after many changes a fresh index is built in the background (`stale`).
    """

    def __init__(self, documents: Iterable[tuple[int, int, str]] = ()) -> None:
        documents = list(documents)
        counted = [(doc_id, place, ngrams(text)) for doc_id, place, text in documents]
        self.ids: list[int] = []
        self.places: list[int] = []
        self.texts: list[str] = []
        self.norms = array("d")
        self.positions: dict[int, int] = {}  # experience id -> position of its live text
        self.removed: set[int] = set()  # positions of texts taken out since the build
        self.document_frequency: Counter[str] = Counter()
        for _, _, counts in counted:
            self.document_frequency.update(counts.keys())
        self.size = len(counted)
        self.changes = 0  # texts added or removed since the build
        self.postings: dict[str, tuple[array, array]] = {}
        idf = {gram: self._idf(gram) for gram in self.document_frequency}
        for (doc_id, place, counts), (_, _, text) in zip(counted, documents, strict=True):
            self._append(doc_id, place, text, counts, idf)
        self.built_size = self.size

    def _idf(self, gram: str) -> float:
        return math.log((1 + self.size) / (1 + self.document_frequency.get(gram, 0))) + 1

    @property
    def unseen_idf(self) -> float:
        return math.log(1 + self.size) + 1

    @property
    def max_postings(self) -> int:
        # A small collection is searched whole; pruning only saves time on a large one.
        return max(200, int(self.size * MAX_DOCUMENT_SHARE))

    @property
    def stale(self) -> bool:
        """Enough changes since the build that the weights are worth computing afresh."""
        return self.changes > max(200, self.built_size // 5)

    def _append(self, doc_id: int, place: int, text: str, counts: Counter[str], idf: dict[str, float]) -> None:
        position = len(self.ids)
        self.ids.append(doc_id)
        self.places.append(place)
        self.texts.append(text)
        self.positions[doc_id] = position
        weights = {gram: (1 + math.log(n)) * idf[gram] for gram, n in counts.items()}
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        self.norms.append(norm)
        postings = self.postings
        for gram, weight in weights.items():
            entry = postings.get(gram)
            if entry is None:
                entry = postings[gram] = (array("i"), array("f"))
            entry[0].append(position)
            entry[1].append(weight / norm)

    def add(self, doc_id: int, place: int, text: str) -> None:
        """Add (or replace) one text."""
        self.remove(doc_id)
        counts = ngrams(text)
        self.document_frequency.update(counts.keys())
        self.size += 1
        self.changes += 1
        self._append(doc_id, place, text, counts, {gram: self._idf(gram) for gram in counts})

    def remove(self, doc_id: int) -> None:
        """Take one text out; its postings stay behind, skipped, until the next build."""
        position = self.positions.pop(doc_id, None)
        if position is None:
            return
        self.removed.add(position)
        self.document_frequency.subtract(ngrams(self.texts[position]).keys())
        self.size -= 1
        self.changes += 1

    def _unit_vector(self, counts: Counter[str]) -> dict[str, float]:
        unseen = self.unseen_idf
        weights = {
            gram: (1 + math.log(n)) * (self._idf(gram) if gram in self.postings else unseen)
            for gram, n in counts.items()
        }
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        return {gram: weight / norm for gram, weight in weights.items()}

    def search(self, text: str, limit: int = 10, exclude: int | None = None) -> list[Match]:
        counts = ngrams(text)
        if not counts or not self.size:
            return []
        weights = self._unit_vector(counts)
        max_postings = self.max_postings
        telling = sorted(
            (gram for gram in weights if gram in self.postings and len(self.postings[gram][0]) <= max_postings),
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
        removed = self.removed
        ranked = sorted((p for p in scores if p not in removed), key=scores.__getitem__, reverse=True)
        exact: dict[int, float] = {}
        for position in ranked[:CANDIDATES]:
            other = ngrams(self.texts[position])
            shared = sum(
                weight * (1 + math.log(other[gram])) * self._idf(gram)
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


# Up to this many experiences a process builds its first index while the request waits (a few seconds at
# most); above it the index is built in a background thread and the check shows nothing until it is ready.
INLINE_BUILD_LIMIT = 3_000


@dataclass
class _KeptIndex:
    version: tuple  # _version() of what the index holds: count, newest id, last update, last approval
    index: SimilarityIndex
    lock: threading.Lock = field(default_factory=threading.Lock)


_lock = threading.Lock()
_kept: dict[str, _KeptIndex] = {}
_building: set[str] = set()


def _documents(*where) -> list[tuple[int, int, str]]:
    query = select(Experience.id, Experience.municipality_id, Experience.title, Experience.story).where(
        *_approved_visible(), *where
    )
    return [(row.id, row.municipality_id, f"{row.title}. {row.story}") for row in db.session.execute(query)]


def _build() -> _KeptIndex:
    version = _version()
    return _KeptIndex(version, SimilarityIndex(_documents()))


def _catch_up(kept: _KeptIndex, version: tuple) -> None:
    """Bring the index in line with the database one experience at a time. Approvals and approved edits
    are the rows stamped after the index's newest stamps; only when the count still differs after those
    (an experience hidden, brought back or deleted) are the ids compared, never the texts."""
    _count, _newest, updated, approved = kept.version
    changed = []
    if updated is not None:
        changed.append(Experience.updated_at > updated)
    if approved is not None:
        changed.append(Experience.approved_at > approved)
    for doc_id, place, text in _documents(or_(*changed)) if changed else _documents():
        kept.index.add(doc_id, place, text)
    if kept.index.size != version[0]:
        live = set(db.session.scalars(select(Experience.id).where(*_approved_visible())))
        for doc_id in set(kept.index.positions) - live:
            kept.index.remove(doc_id)
        missing = sorted(live - set(kept.index.positions))
        for i in range(0, len(missing), 500):
            for doc_id, place, text in _documents(Experience.id.in_(missing[i : i + 500])):
                kept.index.add(doc_id, place, text)
    kept.version = version


def _build_in_background(key: str) -> None:
    with _lock:
        if key in _building:
            return
        _building.add(key)
    app = current_app._get_current_object()  # type: ignore[attr-defined]  # the app, not the proxy

    def build() -> None:
        try:
            with app.app_context():
                try:
                    fresh = _build()
                finally:
                    db.session.remove()
            with _lock:
                _kept[key] = fresh  # the next request catches up with what changed while it was built
        finally:
            with _lock:
                _building.discard(key)

    threading.Thread(target=build, name="similar-experiences-index", daemon=True).start()


def _index() -> _KeptIndex | None:
    """One index per database (tests use several), kept up to date one experience at a time. A request
    never waits for a full build of a large collection: that happens in a background thread."""
    key = str(db.engine.url)
    version = _version()
    with _lock:
        kept = _kept.get(key)
    if kept is None:
        if version[0] > INLINE_BUILD_LIMIT:
            _build_in_background(key)
            return None
        kept = _build()
        with _lock:
            kept = _kept.setdefault(key, kept)
    if kept.version != version:
        with kept.lock:
            if kept.version != version:
                _catch_up(kept, version)
    if kept.index.stale:
        _build_in_background(key)
    return kept


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
    kept = _index()
    if kept is None:
        return []
    with kept.lock:
        found_here = kept.index.search(text, limit=20, exclude=exclude)
    matches = rank_matches(found_here, municipality_id)
    if not matches:
        return []
    found = {
        e.id: e
        for e in db.session.scalars(select(Experience).where(Experience.id.in_([m.experience_id for m in matches])))
    }
    return [(found[m.experience_id], m.similarity) for m in matches if m.experience_id in found]
