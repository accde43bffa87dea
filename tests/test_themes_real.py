"""Real text through the real MiniLM model and spaCy lemmas (slow: loads both)."""

from __future__ import annotations

import json

import numpy as np
import pytest
from sklearn.metrics import adjusted_rand_score

from voices.themes.describe import describe_themes
from voices.themes.model import ThemeModel
from voices.themes.tokens import SpacyLemmatiser

BUS = [
    "The buses never turn up on time in the morning.",
    "Bus fares have gone up again and I can't afford them.",
    "The number 12 bus was cancelled three times this week.",
    "We need more buses in the evening for shift workers.",
    "Bus drivers are friendly but the timetable is a joke.",
    "I wait forty minutes at the bus stop in the rain.",
    "Cheaper bus tickets for young people would help a lot.",
    "The bus route to the hospital was cut last year.",
    "Late buses make me late for work every single day.",
    "Bus passes should be free for carers and pensioners.",
    "The bus shelter on the high street is broken.",
    "Buses are so crowded at school time that they drive past.",
]
FOOD = [
    "Food prices have doubled and we skip meals now.",
    "The food bank has been a lifeline for my children.",
    "I can't afford fresh fruit and vegetables any more.",
    "Supermarket prices keep going up every week.",
    "We rely on the food pantry at the church hall.",
    "Free school meals should be given to every child.",
    "My weekly food shop costs twice what it did.",
    "I go without lunch so the kids can eat.",
    "The food bank vouchers run out before the month ends.",
    "Bread and milk are so expensive now.",
    "Community fridges help us get food that would be wasted.",
    "Cooking a hot meal every day is too expensive.",
]
HEAT = [
    "Our energy bills are impossible to pay this winter.",
    "We sit in the cold because heating costs too much.",
    "The prepayment meter eats all our money.",
    "I can't turn the heating on even when it's freezing.",
    "Gas and electricity prices are crippling us.",
    "The boiler broke and the landlord won't fix the heating.",
    "We wear coats indoors to avoid putting the heating on.",
    "Energy companies should cap the standing charge.",
    "Damp and cold in the flat make my asthma worse.",
    "The warm space at the library keeps me going.",
    "My electricity bill tripled since last year.",
    "Topping up the gas meter leaves nothing for food.",
]


@pytest.mark.slow
def test_real_minilm_themes_are_recovered_and_labelled() -> None:
    from voices.embed import make_embedder

    texts = BUS + FOOD + HEAT
    truth = np.repeat(np.arange(3), 12)
    x = make_embedder("default").embed(texts)
    model = ThemeModel(min_themes=2, max_themes=6, min_theme_size=5, seed=0).fit(x)
    assert model.n_themes_ == 3
    labels = model.labels_
    bus, food = np.bincount(labels[:12] + 1).argmax() - 1, np.bincount(labels[12:24] + 1).argmax() - 1
    assert bus != food and (labels[:12] == bus).sum() >= 11 and (labels[12:24] == food).sum() >= 11
    # heating posts overlap with food and housing ("nothing left for food"); most still form their own theme
    assert adjusted_rand_score(truth[labels >= 0], labels[labels >= 0]) > 0.7
    table, quality = describe_themes(
        model, model.assignment_, x, texts, [str(i) for i in range(36)], tokeniser=SpacyLemmatiser()
    )
    words = " ".join(table["keywords"].map(lambda s: " ".join(json.loads(s)))).lower()
    assert "bus" in words and "food" in words and ("heating" in words or "energy" in words)
    assert all(3 <= len(json.loads(q)) <= 10 for q in table["quotes"])
    assert quality["diversity"] > 0.5
