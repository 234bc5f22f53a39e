"""Logged-in people answering statements (Eens / Oneens / Weet ik niet) as fast as they can.

Each virtual person is one thread with their own session (made as bench.endorse_load makes them);
they answer the pillar's points and a few dozen of its comments in turn, changing earlier answers
as they come round again. An answer counts as acknowledged when the server redirects to the next
statement with `vorige=` (its success answer). Afterwards every acknowledged last answer must be in
the table, and the answer counters must equal the table.
"""

from __future__ import annotations

import random
import threading
import time
from dataclasses import dataclass, field

from bench.endorse_load import SLUG, LoadResult, Person, _connect
from bench.endorse_load import people_for as _people_for

PATH = f"/manifest/{SLUG}/stellingen"
CHOICES = {"eens": "agree", "oneens": "disagree", "weet-niet": "pass"}


@dataclass
class Voter:
    person: Person
    statements: list[str]
    last: dict[str, str] = field(default_factory=dict)  # statement ref -> acknowledged stored choice
    chance: random.Random = field(default_factory=random.Random)


def statements_for(database_url: str, people: list[Person], comments: int = 40) -> list[str]:
    """The pillar's points and its newest visible top-level comments by nobody in the bench."""
    ids = ",".join(str(p.user_id) for p in people) or "0"
    with _connect(database_url) as conn:
        points = conn.execute(
            f"SELECT pt.id FROM points pt JOIN pillars p ON p.id = pt.pillar_id WHERE p.slug = '{SLUG}'"  # noqa: S608
        ).fetchall()
        rows = conn.execute(
            "SELECT c.id FROM comments c JOIN pillars p ON p.id = c.subject_id "
            f"WHERE c.subject_type = 'pillar' AND p.slug = '{SLUG}' AND c.parent_id IS NULL "  # noqa: S608
            f"AND c.deleted_at IS NULL AND c.hidden_at IS NULL AND c.author_id NOT IN ({ids}) "
            f"ORDER BY c.id DESC LIMIT {int(comments)}"
        ).fetchall()
    return [f"punt-{i}" for (i,) in points] + [f"reactie-{i}" for (i,) in rows]


def voters_for(database_url: str, count: int, first_user: int, ports: list[int]) -> list[Voter]:
    people = _people_for(database_url, count, first_user, ports)
    refs = statements_for(database_url, people)
    if not refs:
        raise SystemExit("geen stellingen in de data set")
    return [Voter(p, refs, chance=random.Random(p.user_id)) for p in people]


def attempt(voter: Voter) -> tuple[int, float, bool]:
    ref = voter.chance.choice(voter.statements)
    keuze = voter.chance.choice(list(CHOICES))
    person = voter.person
    response = person.browser.post(PATH, {"csrf_token": person.token, "stelling": ref, "keuze": keuze})
    person.attempts += 1
    if person.attempts % 20 == 0:  # a page read shows (and so clears) the flashed messages
        person.browser.get("/over")
    done = response.status == 302 and "vorige=" in response.headers.get("location", "")
    if done:
        voter.last[ref] = CHOICES[keuze]
    return response.status, response.seconds, done


def run(voters: list[Voter], seconds: float) -> LoadResult:
    result, lock = LoadResult(people=[v.person for v in voters]), threading.Lock()
    stop = time.monotonic() + seconds

    def act(voter: Voter) -> None:
        while time.monotonic() < stop:
            try:
                status, took, done = attempt(voter)
            except OSError:
                status, took, done = 0, 0.0, False
            with lock:
                result.statuses[status] = result.statuses.get(status, 0) + 1
                if done:
                    result.acknowledged += 1
                    result.latencies.append(took)
                else:
                    result.errors += 1

    started = time.perf_counter()
    threads = [threading.Thread(target=act, args=(voter,)) for voter in voters]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.seconds = time.perf_counter() - started
    return result


def check(database_url: str, voters: list[Voter]) -> dict:
    """The table against the acknowledged answers, and the counters against the table."""
    ids = ",".join(str(v.person.user_id) for v in voters) or "0"
    with _connect(database_url) as conn:
        rows = conn.execute(
            "SELECT v.user_id, CASE WHEN s.point_id IS NOT NULL THEN 'punt-' || s.point_id "
            "ELSE 'reactie-' || s.comment_id END, v.choice FROM statement_votes v "
            f"JOIN statements s ON s.id = v.statement_id WHERE v.user_id IN ({ids})"  # noqa: S608
        ).fetchall()
        counter_sum, table_sum = conn.execute(
            "SELECT (SELECT coalesce(sum(count), 0) FROM statement_vote_counters), (SELECT count(*) "
            "FROM statement_votes v JOIN users u ON u.id = v.user_id WHERE u.blocked_at IS NULL)"
        ).fetchone()
    table = {(user_id, ref): choice for user_id, ref, choice in rows}
    lost = sum(1 for v in voters for ref in v.last if (v.person.user_id, ref) not in table)
    wrong = sum(
        1 for v in voters for ref, choice in v.last.items() if table.get((v.person.user_id, ref), choice) != choice
    )
    return {
        "people": len(voters),
        "answers_acknowledged_last": sum(len(v.last) for v in voters),
        "lost": lost,
        "wrong_choice": wrong,
        "counter_total": int(counter_sum),
        "table_total": int(table_sum),
        "counters_equal_table": int(counter_sum) == int(table_sum),
    }
