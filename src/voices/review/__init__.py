"""The review app's logic, testable without Streamlit: panels validate themes, researchers decide.

The Streamlit views in ``app/views/`` are thin; what they show and save is decided here:

- people and access: :mod:`~voices.review.sessions` (sign-in tokens that survive a refresh),
  :mod:`~voices.review.access` (who may open which run), :mod:`~voices.review.catalogue` (the runs served),
  :mod:`~voices.review.team` (panels and members);
- panels: :mod:`~voices.review.cards` (plain-English theme cards), :mod:`~voices.review.panel` (answers, flags,
  missing themes, progress), :mod:`~voices.review.agreement` (Krippendorff's alpha),
  :mod:`~voices.review.results` (panel results for researchers);
- researchers: :mod:`~voices.review.themeset` (a run's themes, normalised), :mod:`~voices.review.reviewed`
  (decisions replayed into a reviewed version, a pure function), :mod:`~voices.review.versions` (the same from
  the database), :mod:`~voices.review.explorer` (breakdowns with suppression, search),
  :mod:`~voices.review.overview`, :mod:`~voices.review.masking` and :mod:`~voices.review.privacy` (missed
  personal data masked everywhere, stored as fingerprints), :mod:`~voices.review.export` and
  :mod:`~voices.review.report_page` (CSV, XLSX, HTML);
- the app's look and shared Streamlit helpers: :mod:`~voices.review.theme`, :mod:`~voices.review.ui`.

Nothing here imports Streamlit except :mod:`voices.review.ui`. See ``docs/app.md`` and ADR 0011.
"""
