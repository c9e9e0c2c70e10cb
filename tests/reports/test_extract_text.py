"""Sentences and clauses keep exact spans; abbreviations, datelines and headlines are handled."""

from __future__ import annotations

from armstrack.reports.extract.text import split_clauses, split_sentences


def test_spans_index_the_original_text() -> None:
    text = "Headline without a stop\n\nU.S. officials said on Sept. 13, 2023 that Mr. Kim left. Then he came back!"
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == [
        "Headline without a stop", "U.S. officials said on Sept. 13, 2023 that Mr. Kim left.", "Then he came back!"]
    assert all(text[s.start:s.end] == s.text for s in sentences)
    assert [s.headline for s in sentences] == [True, False, False]


def test_run_together_paragraphs_are_split() -> None:
    text = "Service was suspended due to the pandemic.According to TASS, a train arrived."
    assert [s.text for s in split_sentences(text)] == [
        "Service was suspended due to the pandemic.", "According to TASS, a train arrived."]


def test_datelines_are_not_part_of_the_sentence() -> None:
    for text in ("SEOUL, Nov. 1 (Yonhap) -- The DPRK sent shells.", "SEOUL: The DPRK sent shells.",
                 "SEOUL, South Korea (AP) — The DPRK sent shells."):
        sentence = split_sentences(text)[0]
        assert sentence.text == "The DPRK sent shells."
        assert text[sentence.start:sentence.end] == sentence.text


def test_clauses_split_where_a_second_voice_starts() -> None:
    sentence = "The United States accused Iran of sending missiles to Russia, an accusation Iran denied."
    assert [c.text for c in split_clauses(sentence)] == [
        "The United States accused Iran of sending missiles to Russia", "an accusation Iran denied."]
    contrast = "Iran agreed to transfer missiles, but the US confirmed that Iran shipped drones; Iran denied it."
    clauses = split_clauses(contrast)
    assert len(clauses) == 3
    assert all(contrast[c.start:c.end] == c.text for c in clauses)
    assert len(split_clauses("North Korea sent shells to Russia by rail.")) == 1
