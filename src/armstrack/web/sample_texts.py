"""The sample's texts: reports, sources and screening hits, all written for armstrack's own tests.

Names of outlets and list entries are invented; the places are the default corridor's.
"""

from __future__ import annotations

from typing import Any

MONITOR_TEXT = (
    "Commercial imagery of the Tumangang rail yard taken in early October 2023 shows far more freight "
    "cars than in any week of the previous five years. Our analysts counted roughly seventy cars on the "
    "yard's sidings, against a usual dozen or so. "
    "Long trains of loaded flatcars, their cargo under tarpaulins, were seen moving toward the Friendship "
    "Bridge and the Russian station at Khasan in late September and early October 2023. "
    "The yard had been partly hidden by cloud for two weeks in August, so the count for that period is "
    "missing. We cannot see what the covered cargo is."
)
HARBOUR_TEXT = (
    "Satellite pictures of Rajin port from the first half of September 2023 show a large stack of "
    "shipping containers beside the northern quay. "
    "About 300 containers were loaded onto a cargo ship that then sailed north toward the Dunai facility "
    "near Fokino, according to officials who spoke on condition of anonymity. "
    "The ship's transponder was switched off for most of the voyage."
)
DENIAL_TEXT = (
    "At a briefing on 12 October 2023 a spokesperson rejected the reports. "
    "Any suggestion that munitions crossed the border by rail was denied as groundless speculation by the "
    "ministry, which offered no further detail. "
    "The same officials said that later deliveries by rail to the Tikhoretsk depot, far to the west, "
    "were being planned only in the imagination of foreign analysts. "
    "Western officials, however, assessed that rail cars from Khasan reached Tikhoretsk in October 2023."
)
SCRIPT_TEXT = (
    "Field note <script>alert(1)</script> filed from a border town. "
    "A local channel claims that container traffic from Rajin will move to Vostochny port from December "
    "2023, though no imagery confirms it yet. "
    "Markup in this note such as <img src=x onerror=alert(2)> and <b>bold</b> must show as plain text."
)

REPORTS: list[dict[str, Any]] = [
    {"url": "https://monitor.example.org/tumangang-oct-2023", "publisher": "Example Rail Monitor",
     "title": "Freight cars crowd the Tumangang yard", "published": "2023-10-06", "text": MONITOR_TEXT,
     "claims": [
         {"quote": MONITOR_TEXT[MONITOR_TEXT.index("Long trains"):MONITOR_TEXT.index("2023. ") + 5],
          "materiel": ["unknown cargo"], "mode": "rail", "places": ["Tumangang", "Friendship Bridge", "Khasan"],
          "period": ("2023-09", "2023-10"), "status": "alleged", "attribution": ["Example Rail Monitor"],
          "hedge": None, "probability": None, "evidence_type": ["imagery"]}]},
    {"url": "https://harbour.example.net/rajin-september", "publisher": "Harbour Watch Review",
     "title": "Containers stacked at Rajin, then shipped north", "published": "2023-10-14", "text": HARBOUR_TEXT,
     "claims": [
         {"quote": HARBOUR_TEXT[HARBOUR_TEXT.index("About 300"):HARBOUR_TEXT.index("anonymity.") + 10],
          "materiel": ["containers"], "mode": "sea", "places": ["Rajin", "Dunai"], "period": ("2023-09", "2023-09"),
          "quantity": {"value": 300, "unit": "containers"}, "status": "alleged",
          "attribution": ["Harbour Watch Review", "anonymous officials"], "hedge": "about",
          "probability": None, "evidence_type": ["imagery", "official"]}]},
    {"url": "https://news.example.com/briefing-denial", "publisher": "Example Wire",
     "title": "Ministry rejects rail transfer reports", "published": "2023-10-12", "text": DENIAL_TEXT,
     "claims": [
         {"quote": DENIAL_TEXT[DENIAL_TEXT.index("Any suggestion"):DENIAL_TEXT.index("detail.") + 7],
          "materiel": ["munitions"], "mode": "rail", "places": ["Tumangang", "Khasan"],
          "period": ("2023-10", "2023-10"), "status": "denied",
          "attribution": ["Example Wire", "Russian foreign ministry"], "evidence_type": ["official"]},
         {"quote": DENIAL_TEXT[DENIAL_TEXT.index("Western officials"):],
          "materiel": ["rail cars"], "mode": "rail", "places": ["Khasan", "Tikhoretsk"],
          "period": ("2023-10", "2023-10"), "status": "alleged",
          "attribution": ["Example Wire", "Western officials"], "hedge": "assessed", "probability": 0.7,
          "evidence_type": ["official"]}]},
    {"url": "https://channel.example.info/note-17", "publisher": "Border <b>Channel</b>",
     "title": "Field note <script>alert(1)</script>", "published": "2023-11-20", "text": SCRIPT_TEXT,
     "claims": [
         {"quote": SCRIPT_TEXT[SCRIPT_TEXT.index("A local channel"):SCRIPT_TEXT.index("yet.") + 4],
          "materiel": ["containers"], "mode": "sea", "places": ["Rajin", "Vostochny"],
          "period": ("2023-12", None), "status": "planned",
          "attribution": ["Border <b>Channel</b>", "a local channel"], "hedge": "claims", "probability": 0.3,
          "evidence_type": ["media"]}]},
]

# name, kind, Admiralty grade, why
SOURCES: list[tuple[str, str, str, str]] = [
    ("Example Rail Monitor", "publisher", "B", "imagery analysis group with a long, checked record"),
    ("Harbour Watch Review", "publisher", "C", "specialist outlet; some past counts were revised"),
    ("anonymous officials", "official", "F", "unnamed: reliability cannot be judged"),
    ("Example Wire", "publisher", "B", "news agency; reports statements accurately"),
    ("Russian foreign ministry", "official", "D", "party to the transfer; denials expected"),
    ("Western officials", "official", "B", "government assessments, usually borne out"),
    ("Border <b>Channel</b>", "channel", "E", "anonymous channel, often wrong"),
]

# query, entity type, list, entry id, listed name, score, explanation
HITS: list[tuple[str, str, str, str, str, float, str]] = [
    ("Angara", "vessel", "Sample Sanctions List", "SSL-V-0107", "ANGARA (cargo ship)", 0.94,
     "vessel name matches exactly; type cargo; flag and IMO not given in the claim"),
    ("Maia-1", "vessel", "Sample Sanctions List", "SSL-V-0212", "MAYA 1", 0.86,
     "transliteration variant (Maia/Maya), number matches"),
    ("Khasan Trans", "organization", "Example Consolidated List", "ECL-3391", "KHASAN TRANSIT LLC", 0.62,
     "partial token match; 'Trans' vs 'Transit'; no address to compare"),
    ("Border <b>Channel</b>", "organization", "Example Consolidated List", "ECL-0001", "<i>BORDER</i> MEDIA",
     0.41, "weak token overlap on 'Border'"),
]
