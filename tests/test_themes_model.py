"""ThemeModel: planted themes come back, deterministically, human-sized, with soft multi-theme assignment."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.metrics import adjusted_rand_score

from themes_data import planted
from voices.errors import VoicesError
from voices.themes.errors import NotFittedError, ThemeError
from voices.themes.model import ThemeModel, default_min_theme_size


def test_model_recovers_planted_themes() -> None:
    x, truth = planted(k=6, per=60)
    model = ThemeModel(max_subthemes=0, seed=0).fit(x)
    assert model.n_themes_ == 6
    assigned = model.labels_ >= 0
    assert adjusted_rand_score(truth[assigned], model.labels_[assigned]) > 0.95


def test_model_same_seed_gives_identical_themes() -> None:
    x, _ = planted(k=7, per=50, noise=0.6, seed=3)
    a = ThemeModel(seed=5).fit(x)
    b = ThemeModel(seed=5).fit(x)
    assert np.array_equal(a.subtheme_parent_, b.subtheme_parent_)
    assert np.array_equal(a.labels_, b.labels_)
    assert np.array_equal(a.assignment_.probabilities, b.assignment_.probabilities)
    assert np.array_equal(a.centroids_, b.centroids_)


def test_model_other_seeds_agree() -> None:
    x, _ = planted(k=6, per=60, noise=0.5, seed=1)
    runs = [ThemeModel(max_subthemes=0, seed=s).fit(x).labels_ for s in (0, 1, 2)]
    assert min(adjusted_rand_score(runs[0], r) for r in runs[1:]) > 0.9


def test_model_chooses_k_within_human_range() -> None:
    x, _ = planted(k=60, per=12, noise=0.3, seed=2)  # far more planted clusters than a person can review
    model = ThemeModel(seed=0, min_theme_size=5, max_subthemes=0).fit(x)
    assert 5 <= model.n_themes_ <= 40
    assert set(model.k_scores_["silhouette"]) <= set(range(5, 41))


def test_model_respects_min_and_max_themes() -> None:
    x, _ = planted(k=6, per=40)
    model = ThemeModel(min_themes=2, max_themes=3, max_subthemes=0, seed=0).fit(x)
    assert 2 <= model.n_themes_ <= 3


def test_model_themes_numbered_by_size() -> None:
    x, _ = planted(k=4, per=50)
    x = np.concatenate([x, planted(k=1, per=120, seed=9)[0]])
    model = ThemeModel(min_themes=2, max_subthemes=0, seed=0).fit(x)
    sizes = np.bincount(model.reference_labels_)
    assert list(sizes) == sorted(sizes, reverse=True)


def test_model_multi_theme_assignment_where_themes_overlap() -> None:
    x, _ = planted(k=5, per=60, noise=2.0, seed=4)  # overlapping themes: boundary segments make two points
    model = ThemeModel(max_subthemes=0, seed=0).fit(x)
    result = model.assignment_
    multi = np.flatnonzero(result.members.sum(axis=1) > 1)
    assert len(multi) > 0
    for i in multi:
        carried = np.flatnonzero(result.members[i])
        assert result.primary[i] in carried
        assert (result.probabilities[i, carried] >= model.threshold).sum() >= len(carried) - 1
    frame = result.to_frame([str(i) for i in range(len(x))])
    one = frame[frame["segment_id"] == str(multi[0])]
    assert len(one) == len(np.flatnonzero(result.members[multi[0]])) and one["primary"].sum() == 1
    assert one["primary"].iloc[0]  # the primary theme comes first


def test_model_probabilities_sum_to_one_and_primary_is_argmax() -> None:
    x, _ = planted(k=5, per=40)
    model = ThemeModel(max_subthemes=0, seed=0).fit(x)
    p = model.assignment_.probabilities
    assert np.allclose(p.sum(axis=1), 1.0, atol=1e-5)
    ok = model.labels_ >= 0
    assert np.array_equal(model.labels_[ok], p[ok].argmax(axis=1))


def test_model_reports_outliers_as_unassigned() -> None:
    x, _ = planted(k=5, per=60, noise=0.3)
    model = ThemeModel(max_subthemes=0, seed=0).fit(x)
    assert model.assignment_.unassigned_share < 0.05
    far = -model.centroids_[:1]  # the opposite direction of a theme: fits nothing
    result = model.assign(far)
    assert result.primary.tolist() == [-1]
    frame = result.to_frame(["far"])
    assert frame.to_dict("records")[0]["theme_id"] == -1


def test_model_fits_on_a_sample_and_assigns_the_rest() -> None:
    x, truth = planted(k=6, per=400, noise=0.35)
    model = ThemeModel(max_fit_size=600, max_subthemes=0, seed=0).fit(x)
    assert len(model.fit_index_) == 600 and len(model.reference_) == 600
    assert len(model.labels_) == len(x)
    ok = model.labels_ >= 0
    assert adjusted_rand_score(truth[ok], model.labels_[ok]) > 0.95


def test_model_assignment_does_not_depend_on_batch_order() -> None:
    x, _ = planted(k=5, per=50)
    model = ThemeModel(seed=0, batch_size=64, max_subthemes=0).fit(x)
    whole = model.assign(x)
    parts = [model.assign(x[i : i + 37]).primary for i in range(0, len(x), 37)]
    assert np.array_equal(whole.primary, np.concatenate(parts))


def test_model_builds_subthemes_under_themes() -> None:
    rng = np.random.default_rng(0)
    centres = rng.normal(size=(5, 32))
    subs = np.concatenate([c + 0.3 * rng.normal(size=(3, 32)) for c in centres])  # 3 sub-centres per theme
    labels = np.repeat(np.arange(15), 40)
    x = subs[labels] + 0.3 * rng.normal(size=(600, 32))
    model = ThemeModel(seed=0).fit(x)
    assert model.n_themes_ == 5
    assert len(model.subtheme_parent_) >= 10
    inside = model.reference_subthemes_ >= 0
    assert adjusted_rand_score(labels[inside], model.reference_subthemes_[inside]) > 0.8
    assert set(model.subtheme_parent_) <= set(range(model.n_themes_))
    parents = model.parents_
    assert (parents[: model.n_themes_] == -1).all()
    rows = model.assignment_.to_frame([str(i) for i in range(len(x))])
    sub = rows[rows["subtheme_id"] >= 0]
    assert (parents[sub["subtheme_id"]] == sub["theme_id"]).all()


def test_model_small_input_gives_one_theme() -> None:
    x, _ = planted(k=2, per=4)
    model = ThemeModel(seed=0).fit(x)
    assert model.n_themes_ == 1
    assert (model.labels_ >= -1).all()


def test_model_rejects_bad_input_with_a_fix() -> None:
    with pytest.raises(ThemeError, match="Fix"):
        ThemeModel().fit(np.zeros(5))
    with pytest.raises(ThemeError, match="at least 2"):
        ThemeModel().fit(np.ones((1, 4), dtype=np.float32))
    with pytest.raises(ThemeError, match="finite"):
        ThemeModel().fit(np.full((4, 4), np.nan))
    with pytest.raises(ThemeError, match="min_themes"):
        ThemeModel(min_themes=10, max_themes=5).fit(planted()[0])
    assert issubclass(ThemeError, VoicesError)


def test_model_assign_checks_width_and_fit() -> None:
    with pytest.raises(NotFittedError):
        ThemeModel().assign(np.zeros((2, 4), dtype=np.float32))
    x, _ = planted(k=5, per=30)
    model = ThemeModel(max_subthemes=0, seed=0).fit(x)
    with pytest.raises(ThemeError, match="same embedder"):
        model.assign(np.zeros((2, 7), dtype=np.float32))


def test_model_default_min_theme_size_scales_with_n() -> None:
    assert default_min_theme_size(100) == 5
    assert default_min_theme_size(20_000) == 100


def test_model_constructor_only_stores_parameters() -> None:
    model = ThemeModel(max_themes=12, seed=3)
    assert model.get_params()["max_themes"] == 12 and model.get_params()["seed"] == 3
    assert not hasattr(model, "centroids_")


def test_model_identical_segments_form_one_assigned_theme() -> None:
    x = np.repeat(planted(k=1, per=1)[0], 80, axis=0)  # 80 copies of the same answer
    model = ThemeModel(seed=0).fit(x)
    assert model.n_themes_ == 1 and (model.labels_ == 0).all()


def test_model_repeated_templates_become_themes() -> None:
    templates, _ = planted(k=4, per=1, seed=5)
    x = np.repeat(templates, [60, 40, 30, 20], axis=0)  # campaign-style copies of four answers
    model = ThemeModel(min_themes=2, seed=0).fit(x)
    assert model.n_themes_ == 4 and (model.labels_ >= 0).all()
    assert sorted(np.bincount(model.labels_).tolist()) == [20, 30, 40, 60]


def test_model_every_theme_keeps_segments_of_its_own() -> None:
    x, _ = planted(k=8, per=25, noise=1.5, seed=7)
    x = np.concatenate([x, np.repeat(x[:3], 30, axis=0)])  # near-duplicate clumps tighten some themes
    model = ThemeModel(seed=0).fit(x)
    assert (np.bincount(model.labels_[model.labels_ >= 0], minlength=model.n_themes_) > 0).all()
