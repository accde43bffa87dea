"""Consultation exports: Google Forms, Microsoft Forms, SurveyMonkey, Qualtrics, Citizen Space, Polis, i.AI
layouts and generic wide or long tables, read into one segment per respondent × open question.

Modules, in the order data flows through them: :mod:`.grid` (decode and split the file), :mod:`.detect`
(which platform), :mod:`.layouts` / :mod:`.documents` / :mod:`.themefinder` (header shapes and JSON into a
respondent table), :mod:`.columns` (what each column is, with :mod:`.vocabulary`), :mod:`.multiselect`,
:mod:`.timestamps`, :mod:`.assemble` / :mod:`.long` (segments and meta), :mod:`.read` (the public entry point).

Example:
    >>> from voices.ingest import consultation
    >>> "surveymonkey" in consultation.PLATFORMS
    True
"""

from voices.ingest.consultation.columns import ROLES
from voices.ingest.consultation.detect import PLATFORMS
from voices.ingest.consultation.read import detect, read

__all__ = ["PLATFORMS", "ROLES", "detect", "read"]
