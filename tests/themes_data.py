"""Small synthetic corpora with planted themes for the theme tests (no model, no shared data)."""

from __future__ import annotations

import numpy as np

from voices.embed.protocol import l2_normalise

TOPICS: dict[str, list[str]] = {
    "bus": ["bus", "late", "fare", "route", "driver", "stop", "timetable"],
    "park": ["park", "litter", "bins", "grass", "playground", "dog", "bench"],
    "housing": ["rent", "landlord", "damp", "repair", "tenant", "mould", "housing"],
    "food": ["food", "bank", "price", "meal", "hungry", "voucher", "pantry"],
    "energy": ["heating", "energy", "bill", "meter", "gas", "cold", "boiler"],
    "school": ["school", "teacher", "uniform", "class", "pupil", "lesson", "homework"],
}


def planted(
    k: int = 6, per: int = 60, dim: int = 32, noise: float = 0.35, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """``k * per`` unit vectors around ``k`` random centres; returns (embeddings, true labels)."""
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(k, dim))
    labels = np.repeat(np.arange(k), per)
    x = centres[labels] + noise * rng.normal(size=(k * per, dim)) * np.sqrt(dim) / np.sqrt(dim)
    return l2_normalise(x), labels


def planted_texts(labels: np.ndarray, seed: int = 0) -> list[str]:
    """A short sentence per segment built from its topic's words (topic order as in :data:`TOPICS`)."""
    rng = np.random.default_rng(seed)
    names = list(TOPICS)
    out = []
    for lab in labels:
        words = rng.choice(TOPICS[names[int(lab) % len(names)]], size=4, replace=False)
        out.append(f"The {words[0]} and the {words[1]} are a problem, also {words[2]} and {words[3]}.")
    return out
