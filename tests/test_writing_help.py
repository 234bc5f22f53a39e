"""Issue 24, item 2: writing help for residents. Dutch sample texts at B1 and above give the expected hints.

The B1 sample is written the way the Dutch government's B1 guidance asks (short sentences, everyday words,
"je"/"we"); the hard sample is officialese of the kind the issue quotes from the old /over page.
"""

from __future__ import annotations

from wijkstem.services.experiences.writing_help import LONG_SENTENCE_WORDS, is_common_word, review_text, sentences_of

B1_STORY = (
    "In onze wijk is een buurtkamer. Iedereen mag er binnenlopen. Op dinsdag drinken we samen koffie. "
    "Soms komt de wijkagent ook. Dan praten we over wat beter kan in de straat. Vorige maand hebben we samen "
    "de speeltuin opgeruimd. De kinderen deden mee. Het was een mooie dag."
)
HARD_STORY = (
    "De integrale benadering van de sociaal-maatschappelijke opgaven in de wijk vereist een structurele "
    "samenwerking tussen gemeente, woningcorporaties en maatschappelijke organisaties, waarbij de "
    "randvoorwaarden voor een duurzame financiering evident van doorslaggevend belang zijn. Door de "
    "opeenstapeling van problematiek ontbeert het de betrokken professionals aan slagkracht en mandaat om "
    "adequaat te interveniëren."
)


def test_a_b1_text_gets_no_hints_and_an_easy_score():
    review = review_text(B1_STORY)
    assert review.long_sentences == () and review.rare_words == ()
    assert review.score is not None and review.score >= 60 and review.level == "easy"
    assert not review.has_hints


def test_officialese_gets_long_sentences_rare_words_and_a_hard_score():
    review = review_text(HARD_STORY)
    assert [s.words for s in review.long_sentences] == [33]
    assert review.long_sentences[0].text.startswith("De integrale benadering")
    for word in ("evident", "opeenstapeling", "adequaat", "mandaat", "problematiek"):
        assert word in review.rare_words
    assert review.level == "hard" and review.has_hints


def test_a_sentence_of_exactly_twenty_words_is_not_long():
    twenty = " ".join(["buren"] * LONG_SENTENCE_WORDS) + "."
    assert review_text(twenty).long_sentences == ()
    assert len(review_text(twenty.replace(".", " buren.")).long_sentences) == 1


def test_names_numbers_compounds_and_word_forms_are_not_called_rare():
    review = review_text("We wonen in Kanaleneiland sinds 2012. De buurtkamer is open. Jongerenwerkers helpen mee.")
    assert "kanaleneiland" not in review.rare_words and "buurtkamer" not in review.rare_words
    assert is_common_word("buurtkamer") and is_common_word("wijkagent") and is_common_word("speeltuin")
    assert not is_common_word("opeenstapeling")


def test_short_texts_get_no_score_but_still_their_hints():
    review = review_text("Het is evident.")
    assert review.score is None and review.level is None and review.rare_words == ("evident",)


def test_lines_without_full_stops_are_sentences_of_their_own():
    assert sentences_of("Wat goed gaat:\n\n- de buurtkamer\n- de speeltuin") == [
        "Wat goed gaat:",
        "- de buurtkamer",
        "- de speeltuin",
    ]


def test_empty_text_has_nothing_to_say():
    review = review_text("")
    assert review.words == 0 and not review.has_hints and review.score is None
