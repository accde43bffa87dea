"""Pair themes with quantitative indicators: geography, deprivation, time series, statistics, suppression.

Modules, each one concept:

- :mod:`~voices.indicators.postcodes` — normalise and parse typed postcodes;
- :mod:`~voices.indicators.geography` — postcode sources and the anonymise ``area_lookup`` hook;
- :mod:`~voices.indicators.nspl` — a full NSPL / ONSPD CSV the user points to;
- :mod:`~voices.indicators.areas` — resolve codes, names and postcodes to LSOA / ward / LAD / region;
- :mod:`~voices.indicators.bundled` — the shipped OGL extracts and their attribution;
- :mod:`~voices.indicators.imd` — the English Indices of Deprivation 2019 as indicators;
- :mod:`~voices.indicators.periods` — period labels (week, month, quarter) from timestamps and text;
- :mod:`~voices.indicators.timeseries` — ONS time-series CSVs and generic CSV / XLSX series;
- :mod:`~voices.indicators.table` — the tidy indicator table and its validation;
- :mod:`~voices.indicators.intervals`, :mod:`~voices.indicators.association`,
  :mod:`~voices.indicators.correlation` — the statistics;
- :mod:`~voices.indicators.suppression` — small-cell suppression (primary and secondary);
- :mod:`~voices.indicators.membership`, :mod:`~voices.indicators.pairing` — the pairing tables;
- :mod:`~voices.indicators.stage` — the ``voices.pair.v1`` stage; :mod:`~voices.indicators.files` —
  ``voices pair RUN``.

Nothing heavy is imported here.
"""
