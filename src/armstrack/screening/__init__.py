"""Screening core: sanctions list loaders and name/vessel matching. No DB.

- `lists`: one loader per list format (`ofac-xml`, `ofac-csv`, `un-xml`, `eu-xml`, `ftm`), each
  streaming a file into followthemoney entities; `load_list(path, fmt)`.
- `index`: a blocking index per list (`ListIndex.build(sanction_list)`).
- `matching`: `Screener(indexes).screen(Query(...))` -> explained `Match`es (logic-v2, IMO decisive).
- `rules`: per-type decisions after logic-v2 (a person's family name, an organisation's distinctive
  name part must be in the query), registered by schema in `RULES`.
- `mentions`: what to screen in text and claim properties; `export`: the case as FtM entities.
"""

from armstrack.screening.index import ListIndex
from armstrack.screening.lists import FORMATS, ListInfo, SanctionList, load_list
from armstrack.screening.matching import DEFAULT_THRESHOLD, FeatureScore, Match, Screener, score_pair
from armstrack.screening.query import EntityType, Query, normalize_imo

__all__ = [
    "DEFAULT_THRESHOLD",
    "FORMATS",
    "EntityType",
    "FeatureScore",
    "ListIndex",
    "ListInfo",
    "Match",
    "Query",
    "SanctionList",
    "Screener",
    "load_list",
    "normalize_imo",
    "score_pair",
]
