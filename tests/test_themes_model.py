"""ThemeModel: the estimator contract, determinism, order invariance, labels, bad input."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sklearn.base import clone
from sklearn.metrics import adjusted_mutual_info_score

from tests.themes_support import generating_themes
from workbench.errors import InputError
from workbench.store.seed import sample_dir
from workbench.themes import ThemeModel
from workbench.themes.text import fold, stem_tokens

TEXTS = [
    "Riego tecnificado para las juntas de agua del páramo",
    "Reservorio y canal de riego para la comunidad",
    "Protección de páramos y fuentes de agua para riego",
    "Feria de artesanías en la plaza del cantón",
    "Apoyo a artesanos para vender sus artesanías en ferias",
    "Ferias artesanales y venta de productos de artesanos",
    "Capacitación en turismo comunitario para guías nativos",
    "Ruta turística y guías de turismo comunitario",
    "Promoción del turismo comunitario con guías locales",
]


def partition(labels) -> set[frozenset[int]]:
    groups: dict[int, set[int]] = {}
    for row, label in enumerate(labels):
        groups.setdefault(int(label), set()).add(row)
    return {frozenset(g) for g in groups.values()}


@pytest.fixture(scope="module")
def sample_texts() -> tuple[list[str], list[str]]:
    # the first 300 sample proposals (the other themes tests use subsets of them,
    # so their embeddings are computed once per test session)
    proposals = pl.read_csv(sample_dir() / "proposals.csv").head(300)
    truth = generating_themes()
    texts = [
        f"{t}. {x}" if t else x
        for t, x in zip(proposals["title"].fill_null(""), proposals["text"], strict=True)
    ]
    return texts, [truth[i] for i in proposals["id"]]


def test_default_model_recovers_the_sample_generating_themes(sample_texts):
    texts, truth = sample_texts
    model = ThemeModel(n_themes=12, subthemes=False, random_state=0).fit(texts)
    assert model.labels_.shape == (len(texts),)
    assert adjusted_mutual_info_score(truth, model.labels_) > 0.6
    again = ThemeModel(n_themes=12, subthemes=False, random_state=0).fit(texts)
    assert adjusted_mutual_info_score(model.labels_, again.labels_) == 1.0
    # every text has a theme and a confidence; no outlier bucket
    assert set(model.labels_) == set(range(12))
    assert ((model.confidence_ >= 0) & (model.confidence_ <= 1)).all()
    # new texts go to an existing theme
    assert model.predict(texts[:5]).tolist() == model.labels_[:5].tolist()
    assert model.transform(texts[:3]).shape == (3, 12)


def test_labels_are_readable_words_with_representatives_and_a_name():
    model = ThemeModel(n_themes=3, representation="classical", random_state=0).fit(TEXTS)
    assert partition(model.labels_) == {
        frozenset({0, 1, 2}),
        frozenset({3, 4, 5}),
        frozenset({6, 7, 8}),
    }
    by_theme = {int(model.labels_[0]): "riego", int(model.labels_[3]): "artesanías"}
    by_theme[int(model.labels_[6])] = "turismo"
    for theme, word in by_theme.items():
        assert word in model.keywords_[theme]
        assert word in model.names_[theme].lower()
        reps = model.representatives_[theme]
        assert 1 <= len(reps) <= 5
        assert all(model.labels_[r] == theme for r in reps)
    # readable words, not stems: every keyword is a word written in some text
    written = {w.lower().strip(".,") for t in TEXTS for w in t.split()}
    assert all(w in written for words in model.keywords_ for w in words)


def test_estimator_contract():
    model = ThemeModel(n_themes=3, representation="classical", random_state=4)
    assert model.get_params()["n_themes"] == 3
    copy = clone(model).set_params(n_themes=2)
    assert copy.n_themes == 2 and model.n_themes == 3
    assert not hasattr(model, "labels_")
    assert copy.fit(TEXTS) is copy
    assert copy.n_themes_ == 2


def test_auto_k_stays_in_range():
    model = ThemeModel(k_range=(2, 5), representation="classical").fit(TEXTS * 2)
    assert 2 <= model.n_themes_ <= 5


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.permutations(list(range(len(TEXTS)))), st.integers(0, 3))
def test_same_texts_in_any_order_give_the_same_partition(order, seed):
    texts = [TEXTS[i] for i in order]
    base = ThemeModel(n_themes=3, representation="classical", subthemes=False, random_state=seed)
    first = clone(base).fit(TEXTS).labels_
    shuffled = clone(base).fit(texts).labels_
    back = np.empty_like(shuffled)
    back[np.asarray(order)] = shuffled
    assert partition(first) == partition(back)


def test_duplicates_share_a_theme_and_count():
    texts = [*TEXTS, TEXTS[0], TEXTS[0], TEXTS[4]]
    model = ThemeModel(n_themes=3, representation="classical").fit(texts)
    assert model.labels_[-3] == model.labels_[-2] == model.labels_[0]
    assert model.labels_[-1] == model.labels_[4]
    assert len(model.labels_) == len(texts)


def test_bad_input_gives_a_sensible_result_or_a_clear_error():
    with pytest.raises(InputError, match="no texts"):
        ThemeModel().fit([])
    with pytest.raises(InputError, match="list of texts"):
        ThemeModel().fit("una sola propuesta")
    with pytest.raises(InputError, match="at least 1"):
        ThemeModel(n_themes=0, representation="classical").fit(TEXTS)
    one = ThemeModel(representation="classical").fit(["Riego para Cayambe"])
    assert one.labels_.tolist() == [0]
    # more themes asked than distinct texts: as many themes as texts
    few = ThemeModel(n_themes=10, representation="classical").fit(TEXTS[:3] + TEXTS[:1])
    assert few.n_themes_ == 3
    # empty, one-word and non-Spanish texts still get a theme each
    odd = ["", "   ", "agua", "riego", "water for the fields", "水", None, *TEXTS]
    model = ThemeModel(n_themes=3, representation="classical").fit(odd)
    assert len(model.labels_) == len(odd)
    assert model.labels_[0] == model.labels_[1] == model.labels_[6]  # blank texts together


def test_spanish_normalisation():
    assert fold("Económica ÑANDÚ") == "economica ñandu"
    assert stem_tokens("Los riegos y el riego de las comunidades") == ["rieg", "rieg", "comun"]


@settings(max_examples=25, deadline=None)
@given(
    st.integers(6, 60),
    st.integers(2, 6),
    st.integers(0, 10_000),
)
def test_shared_silhouette_equals_scikit_learns(n, k, seed):
    from sklearn.metrics import silhouette_score
    from sklearn.preprocessing import normalize

    from workbench.themes.clustering import cosine_distances, silhouette

    rng = np.random.default_rng(seed)
    x = normalize(rng.normal(size=(n, 8))).astype(np.float32)
    labels = rng.integers(0, k, n)
    if not 1 < len(set(labels)) < n:
        return
    expected = silhouette_score(x, labels, metric="cosine")
    assert silhouette(cosine_distances(x), labels) == pytest.approx(expected, abs=1e-5)


def test_term_index_on_rows_equals_labelling_those_texts_alone(sample_texts):
    from workbench.themes.labels import TermIndex, distinctive_words

    texts, truth = sample_texts
    names = sorted(set(truth))
    labels = np.array([names.index(t) for t in truth])
    index = TermIndex(texts)
    rows = np.arange(0, len(texts), 3)
    sub = labels[rows]
    k = int(labels.max()) + 1
    alone = distinctive_words([texts[i] for i in rows], sub, k, top=5)
    assert index.words(sub, k, rows=rows, top=5) == alone
    assert any(alone)  # words were found
