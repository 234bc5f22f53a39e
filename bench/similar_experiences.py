"""How well "Lijkt dit op een ervaring die er al is?" finds planted look-alikes, and how fast.

    .venv/bin/python -m bench.similar_experiences [--size 3000] [--planted 200] [--seed 24]

Generates experiences from a broad set of topics, places and details (no database), plants near-duplicates
(small edits, typos, a sentence left out) and paraphrases (other words, other sentence order, other opening)
of some of them, and asks the index for each planted text. Recall@3: the original is among the three shown.
Unrelated: fresh stories that should find nothing above the threshold (the share that does is reported).
"""

from __future__ import annotations

import argparse
import random
import statistics
import time

from wordfreq import top_n_list

from wijkstem.services.experiences.similar_experiences import SimilarityIndex, rank_matches

TOPICS = {
    "buurtkamer": [
        "de buurtkamer",
        "koffie drinken",
        "eenzame buren",
        "vrijwilligers",
        "de sleutel",
        "open op dinsdag",
    ],
    "speeltuin": ["de speeltuin", "kapotte schommel", "kinderen", "de glijbaan", "zand", "hekwerk"],
    "afval": ["afval op straat", "volle containers", "grofvuil", "zwerfvuil", "de veegwagen", "meeuwen"],
    "parkeren": ["parkeerplaatsen", "auto's op de stoep", "busjes", "de parkeervergunning", "drukte", "de garage"],
    "groen": ["geveltuintjes", "bomen", "het plantsoen", "bloembakken", "de moestuin", "tegels eruit"],
    "jongeren": ["jongeren", "het jongerenwerk", "een eigen plek", "overlast", "sporten", "het trapveldje"],
    "ouderen": ["ouderen", "de thuiszorg", "boodschappen", "de rollator", "bankjes", "het wijkcentrum"],
    "veiligheid": ["straatverlichting", "de wijkagent", "inbraken", "donkere steegjes", "camera's", "de buurtapp"],
    "wonen": [
        "de woningcorporatie",
        "schimmel",
        "lange wachtlijsten",
        "renovatie",
        "de huurcommissie",
        "tochtige ramen",
    ],
    "verkeer": ["hard rijden", "drempels", "de oversteekplaats", "fietsers", "de schoolroute", "een zebrapad"],
    "school": ["de basisschool", "huiswerkbegeleiding", "ouders", "de brede school", "taalles", "het schoolplein"],
    "geld": ["het wijkbudget", "subsidie", "de aanvraag", "formulieren", "de gemeente", "een kleine pot geld"],
}
PLACES = [
    "Kanaleneiland",
    "Overvecht",
    "Het Oude Noorden",
    "Schilderswijk",
    "Lombok",
    "Malburgen",
    "Presikhaaf",
    "De Kolenkit",
    "Bospolder",
    "Transvaal",
    "Zuilen",
    "Hoograven",
    "Tarwewijk",
    "Bijlmer",
    "Selwerd",
]
DAYS = ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"]
PEOPLE = [
    "mijn buurvrouw",
    "de buurman van hiernaast",
    "een moeder van school",
    "de conciërge",
    "twee studenten",
    "een oudere meneer",
    "de jongerenwerker",
    "de huismeester",
    "een vrijwilliger",
    "mijn zoon",
]
TEMPLATES = [
    "In {place} hebben we al lang last van {a}.",
    "Sinds vorig jaar zorgt {person} voor {a}.",
    "Elke {day} komen we samen om over {b} te praten.",
    "De gemeente beloofde iets aan {b} te doen, maar er gebeurde weinig.",
    "Toen {person} over {a} begon, deden er meteen tien mensen mee.",
    "Nu is {b} veel beter geregeld dan vroeger.",
    "Wat ons hielp was een vast aanspreekpunt voor {c}.",
    "We willen dat {c} ook na volgend jaar blijft.",
    "Het duurde {n} maanden voordat er iemand kwam kijken naar {a}.",
    "Op {day} staat {person} klaar met koffie en vragen over {c}.",
    "Veel mensen weten niet dat je zelf iets kunt doen aan {b}.",
    "Ik hoop dat andere wijken ook zo met {c} omgaan.",
]
SYNONYMS = {
    "hebben we": "zitten we",
    "last van": "problemen met",
    "zorgt": "regelt",
    "vorig jaar": "een jaar geleden",
    "komen we samen": "spreken we af",
    "praten": "hebben",
    "beloofde": "zei toe",
    "weinig": "bijna niets",
    "meteen": "direct",
    "mensen": "buren",
    "veel beter": "een stuk beter",
    "vroeger": "eerst",
    "hielp": "werkte",
    "willen": "hopen",
    "duurde": "heeft",
    "kwam kijken": "kwam",
    "staat": "zit",
    "weten niet": "hebben geen idee",
    "kunt doen": "kunt regelen",
    "hoop": "wil",
    "ook zo": "op dezelfde manier",
}


COMMON = top_n_list("nl", 5000)[50:]  # everyday words, without the very shortest function words


def _own_words(rng: random.Random) -> str:
    """A sentence of the writer's own: what makes two stories on one topic different."""
    words = rng.choices(COMMON, k=rng.randint(6, 14))
    return " ".join(words).capitalize() + "."


def story(rng: random.Random) -> tuple[str, str]:
    topic = rng.choice(list(TOPICS))
    a, b, c = rng.sample(TOPICS[topic], 3)
    values = {
        "place": rng.choice(PLACES),
        "person": rng.choice(PEOPLE),
        "day": rng.choice(DAYS),
        "n": rng.randint(2, 14),
        "a": a,
        "b": b,
        "c": c,
    }
    sentences = [t.format(**values) for t in rng.sample(TEMPLATES, rng.randint(2, 3))]
    sentences += [_own_words(rng) for _ in range(rng.randint(3, 5))]
    rng.shuffle(sentences)
    title = f"{a[0].upper()}{a[1:]} in {values['place']}"
    return title, " ".join(sentences)


def near_duplicate(rng: random.Random, title: str, text: str) -> str:
    sentences = text.split(". ")
    if len(sentences) > 3:
        sentences.pop(rng.randrange(len(sentences)))
    words = " ".join(sentences).split(" ")
    for _ in range(3):  # typos
        i = rng.randrange(len(words))
        if len(words[i]) > 3:
            j = rng.randrange(1, len(words[i]) - 1)
            words[i] = words[i][:j] + words[i][j + 1 :]
    return f"{title}. " + " ".join(words)


def paraphrase(rng: random.Random, title: str, text: str) -> str:
    """Told again in other words: sentences in another order, a quarter of the words replaced, other word
    forms (buurtkamer/buurtkamers, praten/praat), an opening of its own; the title left out."""
    sentences = text.split(". ")
    rng.shuffle(sentences)
    rewritten = ". ".join(sentences)
    for old, new in SYNONYMS.items():
        rewritten = rewritten.replace(old, new)
    words = []
    for word in rewritten.split(" "):
        roll = rng.random()
        if roll < 0.25:
            word = rng.choice(COMMON)
        elif roll < 0.45 and len(word) > 4 and word[-1].isalpha():
            word = word[:-2] if word.endswith(("en", "es")) else word + rng.choice(("en", "s", "e"))
        words.append(word)
    return "Wat ik wil vertellen: " + " ".join(words)


def run(size: int, planted: int, seed: int, added: int = 0) -> dict:
    """`added`: that many of the experiences are not in the build but added one at a time afterwards, as
    approvals reach a running site; each add is timed, and the recall covers them too."""
    rng = random.Random(seed)
    documents = []
    for doc_id in range(1, size + 1):
        title, text = story(rng)
        documents.append((doc_id, rng.randrange(40), title, text))
    built = documents[: size - added]
    started = time.perf_counter()
    index = SimilarityIndex((doc_id, place, f"{title}. {text}") for doc_id, place, title, text in built)
    build_seconds = time.perf_counter() - started
    add_timings = []
    for doc_id, place, title, text in documents[size - added :]:
        started = time.perf_counter()
        index.add(doc_id, place, f"{title}. {text}")
        add_timings.append(time.perf_counter() - started)
    remove_timings = []
    for doc_id, place, title, text in documents[size - added :][:50]:
        started = time.perf_counter()
        index.remove(doc_id)
        remove_timings.append(time.perf_counter() - started)
        index.add(doc_id, place, f"{title}. {text}")
    originals = rng.sample(documents, planted)
    results: dict[str, dict] = {}
    timings = []
    for kind, make in (("near-duplicate", near_duplicate), ("paraphrase", paraphrase)):
        found = 0
        for doc_id, place, title, text in originals:
            query = make(rng, title, text)
            started = time.perf_counter()
            shown = rank_matches(index.search(query, limit=20), place)
            timings.append(time.perf_counter() - started)
            found += any(m.experience_id == doc_id for m in shown)
        results[kind] = {"queries": planted, "recall_at_3": round(found / planted, 3)}
    false_alarms = 0
    for _ in range(planted):
        title, text = story(rng)
        started = time.perf_counter()
        shown = rank_matches(index.search(f"{title}. {text}", limit=20), None)
        timings.append(time.perf_counter() - started)
        false_alarms += bool(shown)
    results["unrelated"] = {"queries": planted, "share_with_a_match": round(false_alarms / planted, 3)}
    timings.sort()
    add_timings.sort()
    remove_timings.sort()
    incremental = {}
    if add_timings:
        incremental = {
            "added_one_at_a_time": added,
            "add_ms_median": round(statistics.median(add_timings) * 1000, 2),
            "add_ms_max": round(add_timings[-1] * 1000, 2),
            "remove_ms_median": round(statistics.median(remove_timings) * 1000, 2),
        }
    return {
        "size": size,
        "build_seconds": round(build_seconds, 2),
        **incremental,
        "query_ms_median": round(statistics.median(timings) * 1000, 1),
        "query_ms_p95": round(timings[int(len(timings) * 0.95)] * 1000, 1),
        "query_ms_max": round(timings[-1] * 1000, 1),
        **results,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=3000)
    parser.add_argument("--planted", type=int, default=200)
    parser.add_argument("--seed", type=int, default=24)
    parser.add_argument("--added", type=int, default=0, help="add this many one at a time after the build")
    args = parser.parse_args()
    for key, value in run(args.size, args.planted, args.seed, args.added).items():
        print(f"{key}: {value}")


if __name__ == "__main__":
    main()
