"""Reports: a self-contained HTML page and an Excel workbook of a run's themes, breakdowns and pairings.

Modules, each one concept:

- :mod:`~voices.report.words` — numbers in plain English (shares, intervals, stability, "suppressed");
- :mod:`~voices.report.model` — what a report shows, as plain data;
- :mod:`~voices.report.themes` — theme cards from a themes table (a run's or a reviewed version's);
- :mod:`~voices.report.breakdowns` — theme shares by question, decile, group and time, as the run published them;
- :mod:`~voices.report.pairings` — correlations, group differences and area matching in words;
- :mod:`~voices.report.overview` — what was analysed, how it was anonymised, how it was made;
- :mod:`~voices.report.lineage` — the manifests of a run and the runs it was derived from;
- :mod:`~voices.report.build` — :func:`build_report`, gathering all of the above from a run;
- :mod:`~voices.report.charts` — plotly chart specifications (Okabe–Ito palette, shapes, text alternatives);
- :mod:`~voices.report.page` — the HTML page (jinja2, autoescaped, plotly.js inlined);
- :mod:`~voices.report.sheets`, :mod:`~voices.report.workbook` — the workbook;
- :mod:`~voices.report.writer` — :func:`write_report` (``voices report RUN``).

Nothing heavy is imported here: plotly, jinja2 and openpyxl load when a report is rendered or written.

Example:
    >>> from voices.report import build_report, write_report
    >>> callable(build_report) and callable(write_report)
    True
"""

from voices.report.build import build_report
from voices.report.writer import default_output_dir, write_report

__all__ = ["build_report", "default_output_dir", "write_report"]
