"""Status, hedges and the ICD 203 likelihood they give."""

from __future__ import annotations

from datetime import date

import pytest

from armstrack.model import ClaimStatus, Likelihood
from armstrack.reports.extract import extract_claims

PUBLISHED = date(2024, 3, 5)


def claims_of(text: str) -> list[tuple[str, str | None]]:
    claims = extract_claims(text, published=PUBLISHED, publisher="The Daily")
    return [(c.status.value, c.origin) for c in claims]


@pytest.mark.parametrize(("text", "status"), [
    ("North Korea has shipped shells to Russia, officials said.", ClaimStatus.ALLEGED),
    ("The US accused North Korea of sending missiles to Russia.", ClaimStatus.ALLEGED),
    ("Russia confirmed that North Korea had sent troops to Russia.", ClaimStatus.CONFIRMED),
    ("Iran admitted to exporting drones to Russia.", ClaimStatus.CONFIRMED),
    ("Pyongyang denied sending weapons to Russia.", ClaimStatus.DENIED),
    ('"Russia has not bought any weapons from Pyongyang," a Kremlin spokesman said.', ClaimStatus.DENIED),
    ("North Korea is preparing to send troops to Russia, officials said.", ClaimStatus.PLANNED),
    ("Iran reached an agreement with Russia to transfer missiles, officials said.", ClaimStatus.PLANNED),
    ("Russia said ten launchers would be deployed to Belarus next year.", ClaimStatus.PLANNED),
    ("More North Korean soldiers are being readied for deployment to Russia, sources said.", ClaimStatus.PLANNED),
    ('Lavrov called claims that Pyongyang supplies ammunition to Russia "baseless".', ClaimStatus.DENIED),
])
def test_status(text: str, status: ClaimStatus) -> None:
    claims = extract_claims(text, published=PUBLISHED, publisher="The Daily")
    assert [c.status for c in claims] == [status]


def test_an_appended_denial_is_its_own_claim() -> None:
    text = "Britain accused Iran of supplying attack drones to Russia last spring, an accusation Iran denied."
    assert claims_of(text) == [("alleged", "Britain"), ("denied", "Iran")]


def test_a_denial_that_points_back_takes_the_previous_claim() -> None:
    text = ("The US accused North Korea of transferring weapons to Russia. "
            "Both Moscow and Pyongyang have denied the accusations.")
    claims = extract_claims(text, published=PUBLISHED, publisher="The Daily")
    assert [(c.status.value, c.materiel) for c in claims] == [("alleged", ["weapons"]), ("denied", ["weapons"])]
    assert claims[1].period_end is None


@pytest.mark.parametrize("text", [
    "The ministry did not confirm or deny the transfer of missiles to Russia.",
    "Iran was prohibited from transferring missiles to Russia.",
    "We found no evidence that munitions were shipped to Russia.",
    "Russian tourists travelled by train from Vladivostok to North Korea.",
    "The ministry said it had not confirmed any transfer of Russian technology to North Korea.",
    "We expect North Korea to deny sending shells to Russia.",
    "How do North Korean munitions reach Russia?",
])
def test_no_claim(text: str) -> None:
    assert claims_of(text) == []


@pytest.mark.parametrize(("text", "hedge", "likelihood"), [
    ("North Korea has almost certainly sent missiles to Russia.", "almost certainly", Likelihood.ALMOST_CERTAIN),
    ("It is highly likely that North Korea sent arms to Russia.", "highly likely", Likelihood.VERY_LIKELY),
    ("North Korea has probably sent shells to Russia.", "probably", Likelihood.LIKELY),
    ("North Korea may have sent shells to Russia.", "may", Likelihood.ROUGHLY_EVEN),
    ("North Korea sent more than 1 million shells to Russia.", "more than", Likelihood.VERY_LIKELY),
    ("North Korea sent shells to Russia.", None, Likelihood.VERY_LIKELY),
    ("Russia confirmed North Korea sent troops to Russia.", None, Likelihood.ALMOST_CERTAIN),
    ("Pyongyang denied sending weapons to Russia.", None, Likelihood.ALMOST_NO_CHANCE),
])
def test_hedges_and_likelihood(text: str, hedge: str | None, likelihood: Likelihood) -> None:
    claims = extract_claims(text, published=PUBLISHED, publisher="The Daily")
    assert [(c.hedge, c.likelihood) for c in claims] == [(hedge, likelihood)]
    assert 0.0 < claims[0].as_dict()["probability"] < 1.0


def test_denying_a_report_gives_the_report_its_own_claim() -> None:
    text = ("The Russian defence ministry denied a report by Kyodo news agency that North Korean military "
            "engineers had been sent to Russia.")
    assert claims_of(text) == [("denied", "Russian defence ministry"), ("alleged", "Kyodo")]
