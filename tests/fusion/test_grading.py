"""Source grades by kind, the analyst's edits, independence of origins and denials."""

from __future__ import annotations

from armstrack.fusion.grading import grade_claims, group_independent
from armstrack.fusion.sources import SourceRegistry, classify
from armstrack.model import Credibility, Reliability

from .worlds import claim


def test_default_grades_by_kind() -> None:
    expected = {"Reuters": ("wire", "B"), "CSIS Beyond Parallel": ("think_tank", "B"),
                "Open Source Centre": ("think_tank", "B"), "KCNA": ("interested_state", "D"),
                "South Korean defense sources": ("anonymous_official", "C"),
                "ROK Ministry of National Defense": ("official", "B"), "Dong-a Ilbo": ("major_outlet", "C"),
                "a blog nobody knows": ("unknown", "F")}
    for name, (kind, grade) in expected.items():
        source = SourceRegistry().grade(name)
        assert (source.kind, source.reliability.value) == (kind, grade), name
        assert classify(name).name == kind


def test_analyst_edit_wins_and_is_remembered() -> None:
    registry = SourceRegistry()
    registry.edit("kcna", Reliability.E, "supplier state media")
    assert registry.grade("KCNA").reliability is Reliability.E
    assert registry.is_edited("KCNA ")
    assert registry.grade("KCNA").reason == "supplier state media"


def test_same_origin_chains_count_once() -> None:
    registry = SourceRegistry()
    items = [claim(["The Messenger", "Dong-a Ilbo", "South Korean defense sources"], report="r1"),
             claim(["Dong-a Ilbo", "South Korean defense sources"], report="r2"),
             claim(["Korea Herald", "south korean defense sources."], report="r3")]
    assert len(group_independent(items, registry)) == 1
    grade = grade_claims(items, registry)
    assert grade.credibility is Credibility.POSSIBLY_TRUE
    assert grade.code == "C3"


def test_reposts_of_one_story_count_once() -> None:
    registry = SourceRegistry()
    original = claim(["Reuters"], report="r1", story="s1")
    repost = claim(["Yahoo News"], report="r2", story="s1", publisher="Yahoo News")
    other = claim(["CSIS Beyond Parallel"], report="r3", story="s2")
    assert len(group_independent([original, repost], registry)) == 1
    grade = grade_claims([original, repost, other], registry)
    assert len(grade.supporting) == 2
    assert grade.credibility is Credibility.PROBABLY_TRUE
    assert grade.code == "B2"


def test_three_independent_origins_confirm() -> None:
    items = [claim(["Reuters", "United States"], report="a"), claim(["CSIS Beyond Parallel"], report="b"),
             claim(["Yonhap", "South Korean defense sources"], report="c")]
    grade = grade_claims(items, SourceRegistry())
    assert grade.credibility is Credibility.CONFIRMED
    assert grade.explanation.startswith("B1: 3 independent origins")


def test_denial_by_an_interested_party_is_recorded_not_counted() -> None:
    support = [claim(["Reuters", "United States"], report="a"), claim(["CSIS Beyond Parallel"], report="b")]
    denial = claim(["Reuters", "KCNA", "Kim Yo Jong"], status="denied", report="c", mode="unknown", places=())
    alone = grade_claims(support, SourceRegistry())
    with_denial = grade_claims([*support, denial], SourceRegistry())
    assert with_denial.credibility is alone.credibility is Credibility.PROBABLY_TRUE
    assert len(with_denial.denials) == 1 and not with_denial.contradicting
    assert "1 denial by supplier (Kim Yo Jong; recorded, not counted)" in with_denial.explanation
    both = claim(["Reuters", "Russian and North Korean governments"], status="denied", report="d", mode="unknown",
                 places=())
    assert "denial by supplier and recipient" in grade_claims([*support, both], SourceRegistry()).explanation


def test_a_denial_naming_the_supplier_is_interested_even_if_unknown_to_the_lexicon() -> None:
    denial = claim(["Arms Control Today", "Iran"], status="denied", supplier="Iran", mode="unknown", places=())
    grade = grade_claims([claim(["United States"]), denial], SourceRegistry())
    assert len(grade.denials) == 1 and grade.credibility is Credibility.POSSIBLY_TRUE


def test_independent_contradiction_lowers_credibility() -> None:
    support = [claim(["CSIS Beyond Parallel"], report="b")]
    against = claim(["UN Panel of Experts"], status="denied", report="c")
    grade = grade_claims([*support, against], SourceRegistry())
    assert len(grade.contradicting) == 1
    assert grade.credibility is Credibility.DOUBTFUL
    assert grade_claims([against], SourceRegistry()).credibility is Credibility.IMPROBABLE
    assert grade_claims([], SourceRegistry()).credibility is Credibility.CANNOT_BE_JUDGED
