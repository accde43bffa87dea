"""The Embedder protocol and the normalisation every embedder promises."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from embed_fakes import HashEmbedder
from voices.embed import Embedder, SentenceTransformerEmbedder, StaticEmbedder, l2_normalise


def test_protocol_conformance_of_every_embedder():
    assert isinstance(SentenceTransformerEmbedder("default"), Embedder)
    assert isinstance(StaticEmbedder("fast"), Embedder)
    assert isinstance(HashEmbedder(), Embedder)


def test_protocol_rejects_an_object_without_embed():
    class NoEmbed:
        name = "x"
        dim = 2

    assert not isinstance(NoEmbed(), Embedder)


@given(arrays(np.float64, st.tuples(st.integers(0, 20), st.integers(1, 16)), elements=st.floats(-1e6, 1e6)))
def test_l2_normalise_gives_unit_rows_or_zero_rows(values):
    out = l2_normalise(values)
    assert out.dtype == np.float32
    assert out.shape == values.shape
    norms = np.linalg.norm(out, axis=1)
    zero = np.linalg.norm(values, axis=1) < 1e-30
    assert np.allclose(norms[~zero], 1.0, atol=1e-5)


def test_l2_normalise_keeps_direction():
    out = l2_normalise(np.array([[3.0, 4.0]]))
    assert np.allclose(out, [[0.6, 0.8]])


def test_import_embed_stays_light():
    code = (
        "import sys, voices.embed, voices.embed.stage, voices.embed.factory;"
        "heavy = [m for m in ('torch', 'sentence_transformers', 'transformers', 'model2vec') if m in sys.modules];"
        "print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
