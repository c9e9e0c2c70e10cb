"""One adapter per report format, each registered by name in `armstrack.reports.document.SOURCES`.

The order of registration is the order of sniffing: the surest magic first (PDF), then feeds,
then HTML; plain text is the fallback and never claims bytes by sniffing.
"""

from armstrack.reports.sources import pdf, rss, html, text  # noqa: F401, I001  (order matters)
