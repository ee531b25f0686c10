"""Guessing columns from headers, in several languages."""

from __future__ import annotations

from tabular.guess import columns_guess, header_key

SYNONYMS = {"msisdn": ["phone", "téléphone", "電話"], "name": ["nombre"], "tag": ["tags"]}


def test_header_keys_ignore_case_accents_and_punctuation():
    assert header_key(" Téléphone-Mobile ") == "telephonemobile"
    assert header_key("電話") == "電話"


def test_each_column_gets_the_target_its_header_names():
    header = ["Phone", "NOMBRE", "Téléphone", "電話", "city", "tags", "Tags"]
    guesses = columns_guess(
        header, SYNONYMS, otherwise=lambda name: f"attribute:{name}", repeatable=frozenset({"tag"})
    )
    # Only the first column naming the phone gets it; the tag column may repeat.
    assert guesses == [
        "msisdn", "name", "attribute:Téléphone", "attribute:電話", "attribute:city", "tag", "tag",
    ]  # fmt: skip


def test_a_target_names_itself():
    assert columns_guess(["msisdn", "x"], SYNONYMS) == ["msisdn", ""]
