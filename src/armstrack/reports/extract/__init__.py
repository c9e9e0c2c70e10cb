"""Transfer claims from report text: the extraction core (pure: strings in, `Claim`s out).

    from armstrack.reports.extract import extract_claims
    claims = extract_claims(text, published=date(2023, 9, 15), publisher="The Messenger")

`Extractor` keeps its own spaCy pipeline and lexicon and reads many reports in one batch.
"""

from armstrack.reports.extract.extractor import Extractor, ReportText, extract_claims, load_pipeline
from armstrack.reports.extract.lexicon import Lexicon, default_lexicon

__all__ = ["Extractor", "Lexicon", "ReportText", "default_lexicon", "extract_claims", "load_pipeline"]
