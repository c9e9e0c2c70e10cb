"""Who supplies whom: the story's main flow, and filling what a sentence leaves implicit.

A report usually tells one story ("North Korea -> Russia") and many of its sentences name only
one side of it ("the shells were carried by rail to Khasan", "in return, Pyongyang received
food"). The main flow is the commonest explicit supplier/recipient pair of the report (else its
title's); a sentence's missing side is taken from it only when the sentence speaks of that flow.
"""

from __future__ import annotations

import re
from collections import Counter

from armstrack.reports.extract.content import Content, Mention

Flow = tuple[str | None, str | None]


def main_flow(contents: list[Content], title: Content | None, countries_named: set[str] | None = None,
              corridor: tuple[str, ...] = ()) -> Flow:
    """The commonest explicit (supplier, recipient) pair, else the title's, else the commonest of each;
    else, when the report names only the countries of the default corridor (`countries_named`, through places
    too: "from Rajin to Dunai"), the corridor's direction."""
    pairs = Counter((c.supplier, c.recipient) for c in contents  # a two-way deal orients no story
                    if c.is_transfer and c.supplier and c.recipient and not c.trades)
    if not pairs and title is not None and title.supplier and title.recipient:
        pairs[(title.supplier, title.recipient)] += 1
    if pairs:
        return pairs.most_common(1)[0][0]
    suppliers = Counter(c.supplier for c in contents if c.is_transfer and c.supplier)
    recipients = Counter(c.recipient for c in contents if c.is_transfer and c.recipient)
    supplier = suppliers.most_common(1)[0][0] if suppliers else None
    recipient = next((r for r, _ in recipients.most_common() if r != supplier), None)
    if recipient is None and supplier is not None:  # the other country the transfer sentences (and title) name
        named = Counter(m.country for c in [*contents, *([title] if title else [])] if c.is_transfer or c is title
                        for m in c.mentions if m.country != supplier)
        recipient = named.most_common(1)[0][0] if named else None
    if supplier is None and recipient is None and len(corridor) == 2 and countries_named is not None \
            and set(corridor) <= countries_named <= set(corridor):
        return corridor[0], corridor[1]
    return supplier, recipient


def speaks_of_main_flow(recipient: str | None, mentioned: list[Mention], main: Flow, text: str = "") -> bool:
    """Whether a sentence without a named supplier speaks of the main flow: it names a recipient, or
    no country, or only the main pair's countries without opening on the recipient as its subject
    ("Moscow has scoured the globe for munitions" is no delivery)."""
    if recipient is not None or not mentioned:
        return True
    first = mentioned[0]
    speaker = re.match(r"\s+(?:\w+\s+)?(?:said|says|told|added|stated)\b", text[first.end:])
    opens_on_recipient = first.country == main[1] and first.start < 20 and not speaker
    return {m.country for m in mentioned} <= set(main) and not opens_on_recipient


def fill_flow(supplier: str | None, recipient: str | None, mentioned: list[Mention], main: Flow,
              text: str = "") -> Flow:
    """Supplier and recipient of a sentence, completed from the main flow and the countries it names."""
    main_supplier, main_recipient = main
    if supplier is None and recipient is not None and recipient == main_supplier:
        supplier = main_recipient  # the reverse flow ("in return, Pyongyang received ...")
    elif supplier is None and recipient in (None, main_recipient) \
            and speaks_of_main_flow(recipient, mentioned, main, text):
        supplier = main_supplier
    if supplier is not None and supplier == main_recipient and recipient is None \
            and all(m.country == main_recipient for m in mentioned) and any(m.place for m in mentioned):
        supplier, recipient = main  # an onward leg inside the recipient ("flown from Vladivostok to the west")
    if supplier is None and recipient is not None:
        others = {m.country for m in mentioned if m.country != recipient}
        supplier = others.pop() if len(others) == 1 else None
    if recipient is None:
        if supplier == main_supplier and main_recipient:
            recipient = main_recipient
        else:
            named = [m.country for m in mentioned if m.country != supplier]
            recipient = named[0] if named else (main_recipient if main_recipient != supplier else None)
    return supplier, recipient
