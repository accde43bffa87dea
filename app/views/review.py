"""Panel review: one theme card at a time. Does it ring true? What would you call it? Anything wrong or missing?

Every answer is saved the moment it is given (in widget callbacks), so a refresh, a lost connection or
stopping half way loses nothing; the card number is in the URL and progress comes from the database.
"""

from __future__ import annotations

import streamlit as st

from voices import db
from voices.errors import VoicesError
from voices.review import panel, ui
from voices.review.cards import ThemeCard, theme_cards

MESSAGES = "voices_review_messages"

person = ui.require_person()
preview = person.role == "researcher"
run_id, run = ui.choose_run(person, label="Which piece of work?", sidebar=False)
path = str(run.path)
rules = ui.rules_for(run_id)
cards = theme_cards(
    ui.themes_of(path),
    run_id=run_id,
    rules=rules,
    unit=ui.unit_of(path),
    questions=ui.questions_of(path),
    assignments=ui.assignments_of(path),
    texts=ui.texts_of(path, run_id, rules),
)


def key(kind: str, theme_id: str, extra: str = "") -> str:
    return f"{kind}|{run_id}|{theme_id}|{extra}"


def _fail(error: VoicesError) -> None:
    st.session_state.setdefault(MESSAGES, []).append(
        "Sorry, that wasn't saved. Please try again, or tell the researcher. (" + str(error)[:200] + ")"
    )


def save_answer(theme_id: str) -> None:
    verdict = st.session_state.get(key("verdict", theme_id))
    who = ui.signed_in_person()
    if verdict is None or who is None or preview:
        return
    try:
        with db.session(ui.engine()) as s:
            panel.answer(
                s,
                who,
                run_id,
                cards,
                theme_id,
                verdict_words=verdict,
                own_name=st.session_state.get(key("name", theme_id)),
                comment=st.session_state.get(key("comment", theme_id)),
            )
    except VoicesError as error:
        _fail(error)


def save_flag(theme_id: str, segment_id: str) -> None:
    reason = st.session_state.get(key("flag", theme_id, segment_id))
    who = ui.signed_in_person()
    if reason is None or who is None or preview:
        return
    try:
        with db.session(ui.engine()) as s:
            panel.flag(s, who, run_id, cards, theme_id, segment_id, reason_words=reason)
    except VoicesError as error:
        _fail(error)


def go_to(index: int) -> None:
    st.query_params[ui.CARD_PARAM] = str(index + 1)


with db.session(ui.engine(), readonly=True) as s:
    reviews = panel.my_reviews(s, person, run_id)
    flags = panel.my_flags(s, person, run_id)
    suggestions = panel.my_suggestions(s, person, run_id)
done = panel.progress(reviews, cards)

try:
    index = int(st.query_params.get(ui.CARD_PARAM, "")) - 1
except ValueError:
    index = panel.first_unanswered(reviews, cards)
index = min(max(index, 0), len(cards))
if st.query_params.get(ui.CARD_PARAM) != str(index + 1):
    st.query_params[ui.CARD_PARAM] = str(index + 1)  # pin the card, so answering it does not move on

st.title("Do these themes ring true?")
if preview:
    st.info("Preview: this is what panel members see. Answers are not saved from a researcher's account.")
ui.show_errors(ui.pop_messages(MESSAGES))
if not cards:
    st.info("There are no themes to look at yet. The researcher will let you know when there are.")
    st.stop()
st.progress(done.answered / max(done.total, 1), text=done.in_words())


def show_card(card: ThemeCard, number: int) -> None:
    st.markdown(f"**Theme {number} of {len(cards)}**")
    st.header(ui.md(card.name), anchor=False)
    if card.question:
        st.markdown("**People were asked:** " + ui.md(card.question))
    if card.about:
        st.markdown(ui.md(card.about))
    st.markdown(f"**How common:** {card.how_common}.")
    if card.share == card.share:  # not NaN
        st.progress(min(max(card.share, 0.0), 1.0))
    st.subheader("What people said", anchor=False)
    for i, q in enumerate(card.quotes, start=1):
        ui.quote(q["text"])
        flag_key = key("flag", card.theme_id, q["segment_id"])
        existing = flags.get((card.theme_id, q["segment_id"]))
        if flag_key not in st.session_state:
            st.session_state[flag_key] = panel.FLAG_WORDS.get(existing.reason) if existing else None
        st.selectbox(
            f"Is anything wrong with quote {i}?",
            list(panel.FLAG_REASONS),
            index=None,
            placeholder="No, it's fine",
            key=flag_key,
            on_change=save_flag,
            args=(card.theme_id, q["segment_id"]),
            disabled=preview,
        )
    st.subheader("Your answers", anchor=False)
    review = reviews.get(card.theme_id)
    verdict_key, name_key, comment_key = (key(k, card.theme_id) for k in ("verdict", "name", "comment"))
    if verdict_key not in st.session_state:
        st.session_state[verdict_key] = panel.VERDICT_WORDS.get(review.verdict) if review else None
        st.session_state[name_key] = (review.own_name or "") if review else ""
        st.session_state[comment_key] = (review.comment or "") if review else ""
    st.radio(
        "Does this ring true?",
        list(panel.VERDICTS),
        index=None,
        key=verdict_key,
        horizontal=True,
        on_change=save_answer,
        args=(card.theme_id,),
        disabled=preview,
    )
    answered = st.session_state.get(verdict_key) is not None
    if not answered and not preview:
        st.caption("Choose an answer above first, then you can add your own words.")
    st.text_input(
        "What would you call it, in your own words?",
        key=name_key,
        max_chars=200,
        on_change=save_answer,
        args=(card.theme_id,),
        disabled=preview or not answered,
    )
    st.text_area(
        "Anything else you want to say about this theme?",
        key=comment_key,
        max_chars=4000,
        on_change=save_answer,
        args=(card.theme_id,),
        disabled=preview or not answered,
    )
    if review is not None:
        st.success("Your answer is saved. You can change it at any time.", icon=":material/check_circle:")
    elif answered and not preview:
        st.caption("Press Enter or click outside a box to save what you typed.")


def show_missing() -> None:
    st.subheader("Is anything missing from these themes?", anchor=False)
    with st.form("missing", clear_on_submit=True, enter_to_submit=False):
        text = st.text_area("Tell us about anything important that isn't here", max_chars=2000, disabled=preview)
        sent = st.form_submit_button("Send this to the researcher", disabled=preview)
    who = ui.signed_in_person()
    if sent and text.strip() and who is not None:
        try:
            with db.session(ui.engine()) as s:
                panel.suggest(s, who, run_id, text)
            st.success("Thank you, that's saved.")
            st.rerun()
        except VoicesError as error:
            _fail(error)
    for suggestion in suggestions:
        st.caption("You told us:")
        ui.quote(suggestion.description or suggestion.name)


if index < len(cards):
    show_card(cards[index], index + 1)
    with st.expander("Is anything missing from these themes?"):
        show_missing()
else:
    st.header("Nearly done", anchor=False)
    for card in cards:
        review = reviews.get(card.theme_id)
        answer = panel.VERDICT_WORDS.get(review.verdict, "") if review else "not answered yet"
        st.markdown(f"- {ui.md(card.name)}: **{ui.md(answer)}**")
    show_missing()
    st.write("Your answers are saved. You can close this page, or come back later with your code.")

left, right = st.columns(2)
left.button("← Previous theme", on_click=go_to, args=(index - 1,), disabled=index == 0, width="stretch")
right.button(
    "Next theme →" if index < len(cards) - 1 else "Finish →",
    on_click=go_to,
    args=(index + 1,),
    disabled=index >= len(cards),
    type="primary",
    width="stretch",
)
if not preview and st.button("Sign out", key="review_sign_out"):
    ui.sign_out()
    st.rerun()
