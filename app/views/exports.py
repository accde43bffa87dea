"""Exports of a reviewed version: CSV and XLSX tables, and the HTML report."""

from __future__ import annotations

import streamlit as st

from voices import db
from voices.review import export, results, ui, versions
from voices.review.cards import share_in_words
from voices.review.report_page import render_report

person = ui.require_researcher()
run_id, run = ui.choose_run(person)
path = str(run.path)

st.title("Exports")
version = ui.version_picker(run_id, key="export_version")
result = ui.reviewed(run_id, run, version)
with db.session(ui.engine(), readonly=True) as s:
    chain = versions.decisions_in_chain(s, run_id, version) if version is not None else []
    names = results.people_names(s)
    reviews = results.run_reviews(s, run_id)
    labels = dict(zip(ui.themes_of(path)["theme_id"], ui.themes_of(path)["label"], strict=True))
    panel = results.names_table(reviews, labels, names).drop(columns=["review_id"])
    flags = results.flags_table(s, run_id, labels, names, ui.texts_of(path, run_id, ui.rules_for(run_id)), [])
    missing = results.suggestions_table(s, run_id, names)
decisions = export.decisions_table(chain, names)
tables = {
    "themes": export.themes_table(result),
    "quotes": export.quotes_table(result),
    "assignments": result.assignments,
    "decisions": decisions,
    "panel_answers": panel,
    "flagged_quotes": flags,
    "missing_themes": missing,
}
stem = f"{run_id}-{'machine' if version is None else f'v{version}'}"
st.caption(
    "Quotes and segments are anonymised and have every value marked on the Anonymisation check page masked. "
    "Cells that a spreadsheet would read as a formula are prefixed with an apostrophe."
)
cols = st.columns(2)
for i, (name, frame) in enumerate(tables.items()):
    cols[i % 2].download_button(
        f"{name.replace('_', ' ').capitalize()} (CSV, {len(frame)} rows)",
        export.to_csv(frame),
        file_name=f"{stem}-{name}.csv",
        mime="text/csv",
        key=f"csv_{name}",
    )
st.download_button(
    "Everything as one workbook (XLSX)",
    export.to_xlsx(tables),
    file_name=f"{stem}.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    type="primary",
)
unit = ui.unit_of(path)
agreement = results.agreement(reviews, resamples=200)
report = render_report(
    title=f"{ui.run_title(run)}: {'machine themes' if version is None else f'reviewed version {version}'}",
    subtitle=f"Run {run_id}",
    themes=[
        {**row, "how_common": share_in_words(float(row["share"]), unit=unit)}
        for row in result.themes.to_dict("records")
    ],
    decisions=decisions.to_dict("records"),
    notes=result.notes,
    agreement="" if not reviews else f"Krippendorff's alpha {agreement.alpha:.2f}: {agreement.in_words()}",
)
st.download_button("Report (HTML)", report.encode("utf-8"), file_name=f"{stem}-report.html", mime="text/html")
