"""Who asks and who answers: giving each speaker label a role.

Precedence, first match wins:

1. ``roles`` given by the user (``{"Priya Shah": "interviewer", "P04": "participant"}``);
2. ``interviewers`` given by the user: those labels are interviewers, everyone else a participant;
3. hints from the format (a Parliament ``persons.csv`` saying a person is a committee member);
4. the label itself: ``Interviewer``, ``INTERVIEWER``, ``Facilitator``, ``Moderator``, ``Researcher``,
   ``… (Research Team)``, ``Chair``, ``Q``/``I`` → interviewer; ``Participant 04``, ``P04``, ``Respondent`` →
   participant;
5. when nobody is an interviewer yet: the speaker who speaks first is the interviewer if at least
   :data:`QUESTION_SHARE` of their turns end in a question mark and nobody else has more such turns;
6. everyone else → participant.

Turns without a speaker get no role. How each role was decided is reported, so a researcher can check it.

Example:
    >>> assign([("Priya", "Can you tell me more?"), ("Speaker 2", "Yes."), ("Priya", "Why?")])
    {'Priya': ('interviewer', 'first speaker, asks questions'), 'Speaker 2': ('participant', 'default')}
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

INTERVIEWER = "interviewer"
PARTICIPANT = "participant"

#: Share of a first speaker's turns that must end in '?' for the heuristic to call them the interviewer.
QUESTION_SHARE = 0.3

_INTERVIEWER_RE = re.compile(
    r"\b(?:interviewer|facilitator|moderator|researcher|research team|chair|chairman|chairwoman|chairperson|"
    r"host)\b|^\s*(?:q|i|iv|int)\s*\d*\s*$",
    re.IGNORECASE,
)
_PARTICIPANT_RE = re.compile(
    r"\b(?:participant|respondent|interviewee|witness)\b|^\s*(?:p|r|a)[\s_#-]*\d*\s*$",
    re.IGNORECASE,
)
_QUESTION_END = ("?", "？", "؟")


def recognise(label: str) -> str | None:
    """The role a label names by itself, or ``None`` when it does not say.

    Example:
        >>> recognise("INTERVIEWER"), recognise("Priya Shah (Research Team)"), recognise("P04"), recognise("Sam")
        ('interviewer', 'interviewer', 'participant', None)
    """
    if _INTERVIEWER_RE.search(label):
        return INTERVIEWER
    if _PARTICIPANT_RE.search(label):
        return PARTICIPANT
    return None


def asks(text: str) -> bool:
    """Whether a turn ends in a question mark (ignoring closing quotes and brackets).

    Example:
        >>> asks('And then what happened?"'), asks("It was fine.")
        (True, False)
    """
    return text.rstrip(" \t\"'”’)]").endswith(_QUESTION_END)


def assign(
    turns: Sequence[tuple[str | None, str]],
    *,
    interviewers: Iterable[str] | None = None,
    roles: Mapping[str, str] | None = None,
    hints: Mapping[str, tuple[str, str]] | None = None,
) -> dict[str, tuple[str, str]]:
    """Give every speaker label a role, and say how it was decided.

    Args:
        turns: ``(speaker, text)`` per turn, in order; ``speaker`` may be ``None``.
        interviewers: labels to treat as interviewers (everyone else is then a participant).
        roles: explicit ``{label: role}``; wins over everything else.
        hints: ``{label: (role, reason)}`` from the format (e.g. Parliament committee members).

    Returns:
        ``{label: (role, how)}`` for every label that speaks, in order of first appearance. Labels in
        ``roles`` and ``interviewers`` match exactly, or else ignoring case.

    Example:
        >>> assign([("A", "Hi"), ("B", "Hello")], interviewers=["a"])
        {'A': ('interviewer', 'interviewers list'), 'B': ('participant', 'interviewers list')}
    """
    speakers = list(dict.fromkeys(s for s, _ in turns if s is not None))
    role_map = dict(roles or {})
    role_fold = {k.casefold(): v for k, v in role_map.items()}
    named = None if interviewers is None else {s.casefold() for s in interviewers}
    hint_map = dict(hints or {})
    out: dict[str, tuple[str, str]] = {}
    undecided: list[str] = []
    for label in speakers:
        if label in role_map or label.casefold() in role_fold:
            out[label] = (role_map.get(label, role_fold.get(label.casefold(), PARTICIPANT)), "roles mapping")
        elif named is not None:
            out[label] = (INTERVIEWER if label.casefold() in named else PARTICIPANT, "interviewers list")
        elif label in hint_map:
            out[label] = hint_map[label]
        elif (role := recognise(label)) is not None:
            out[label] = (role, "label")
        else:
            undecided.append(label)
    if undecided and named is None and not any(role == INTERVIEWER for role, _ in out.values()):
        first = speakers[0]
        if first in undecided and _asks_most(first, turns):
            out[first] = (INTERVIEWER, "first speaker, asks questions")
    for label in undecided:
        out.setdefault(label, (PARTICIPANT, "default"))
    return {label: out[label] for label in speakers}


def _asks_most(label: str, turns: Sequence[tuple[str | None, str]]) -> bool:
    counts: dict[str, list[int]] = {}
    for speaker, text in turns:
        if speaker is None:
            continue
        tally = counts.setdefault(speaker, [0, 0])
        tally[0] += asks(text)
        tally[1] += 1
    asked, spoke = counts.get(label, [0, 0])
    others = max((q for s, (q, _) in counts.items() if s != label), default=0)
    return len(counts) > 1 and spoke > 0 and asked / spoke >= QUESTION_SHARE and asked >= others
