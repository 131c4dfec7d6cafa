"""The agreement statistics match the reference implementations on random and hand-made data."""

from __future__ import annotations

import warnings
from itertools import combinations

import krippendorff
import numpy as np
import pytest
from sklearn.metrics import cohen_kappa_score

from coding.team.statistics import (
    cohen_kappa,
    krippendorff_alpha,
    mean_pairwise_kappa,
    percent_agreement,
)


def reference_alpha(data: np.ndarray) -> float | None:
    try:
        value = krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")
    except ValueError:  # "There has to be more than one value in the domain."
        return None
    return None if np.isnan(value) else float(value)


def reference_kappa(a: np.ndarray, b: np.ndarray) -> float | None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        value = cohen_kappa_score(a, b)
    return None if np.isnan(value) else float(value)


def close(mine: float | None, reference: float | None) -> bool:
    if reference is None:
        return mine is None
    return mine is not None and abs(mine - reference) < 1e-9


@pytest.mark.parametrize("seed", range(6))
def test_alpha_matches_krippendorff_on_random_data_with_missing_values(seed: int) -> None:
    rng = np.random.default_rng(seed)
    for _ in range(60):
        coders, units, categories = rng.integers(2, 7), rng.integers(2, 80), rng.integers(2, 6)
        data = rng.integers(0, categories, (coders, units)).astype(float)
        data[rng.random((coders, units)) < rng.uniform(0, 0.5)] = np.nan
        assert close(krippendorff_alpha(data), reference_alpha(data))


@pytest.mark.parametrize("seed", range(6))
def test_kappa_matches_scikit_learn_on_random_data(seed: int) -> None:
    rng = np.random.default_rng(100 + seed)
    for _ in range(60):
        units, categories = rng.integers(2, 100), rng.integers(2, 6)
        a = rng.integers(0, categories, units)
        b = np.where(rng.random(units) < rng.uniform(0, 1), a, rng.integers(0, categories, units))
        assert close(cohen_kappa(a, b), reference_kappa(a, b))


def test_hand_made_example_from_krippendorffs_paper() -> None:
    # Krippendorff (2011), "Computing Krippendorff's alpha-reliability", nominal example:
    # alpha = 0.743.
    nan = np.nan
    data = np.array(
        [
            [1, 2, 3, 3, 2, 1, 4, 1, 2, nan, nan, nan],
            [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, nan, 3],
            [nan, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, nan],
            [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, nan],
        ]
    )
    assert krippendorff_alpha(data) == pytest.approx(0.743, abs=5e-4)
    assert close(krippendorff_alpha(data), reference_alpha(data))


def test_hand_made_two_coder_table() -> None:
    # 10 units, coders agree on 8: 4 yes/yes, 4 no/no, 2 split. p_o = 0.8, p_e = 0.5, kappa 0.6.
    a = np.array([1, 1, 1, 1, 0, 0, 0, 0, 1, 0])
    b = np.array([1, 1, 1, 1, 0, 0, 0, 0, 0, 1])
    assert percent_agreement(np.vstack([a, b])) == pytest.approx(0.8)
    assert cohen_kappa(a, b) == pytest.approx(0.6)
    assert close(cohen_kappa(a, b), reference_kappa(a, b))
    assert close(krippendorff_alpha(np.vstack([a, b])), reference_alpha(np.vstack([a, b])))


def test_weights_count_as_repeated_units() -> None:
    rng = np.random.default_rng(7)
    data = rng.integers(0, 3, (3, 25)).astype(float)
    data[rng.random((3, 25)) < 0.2] = np.nan
    weights = rng.integers(1, 6, 25)
    repeated = np.repeat(data, weights, axis=1)
    assert krippendorff_alpha(data, weights) == pytest.approx(krippendorff_alpha(repeated))
    assert percent_agreement(data, weights) == pytest.approx(percent_agreement(repeated))
    assert cohen_kappa(data[0], data[1], weights) == pytest.approx(
        cohen_kappa(repeated[0], repeated[1])
    )


def test_percent_agreement_with_more_coders_averages_agreeing_pairs() -> None:
    data = np.array([[1, 1, 0], [1, 0, 0], [1, np.nan, 0]], dtype=float)
    # Unit 1: all 3 pairs agree; unit 2: the one pair disagrees; unit 3: all agree.
    assert percent_agreement(data) == pytest.approx((1 + 0 + 1) / 3)


def test_lights_kappa_is_the_mean_of_pairwise_cohens_kappa() -> None:
    rng = np.random.default_rng(3)
    data = rng.integers(0, 3, (4, 40))
    pairs = [reference_kappa(data[i], data[j]) for i, j in combinations(range(4), 2)]
    assert mean_pairwise_kappa(data) == pytest.approx(np.mean([p for p in pairs if p is not None]))


def test_perfect_agreement_with_two_categories_is_one() -> None:
    data = np.array([[0, 1, 1, 0, 1], [0, 1, 1, 0, 1]])
    assert percent_agreement(data) == 1.0
    assert cohen_kappa(data[0], data[1]) == pytest.approx(1.0)
    assert krippendorff_alpha(data) == pytest.approx(1.0)


def test_one_category_only_is_undefined_not_a_made_up_number() -> None:
    # Every value is "coded": chance agreement is already 1, so kappa and alpha are 0/0.
    # scikit-learn returns nan; krippendorff.alpha refuses the data; we return None.
    data = np.ones((2, 6))
    assert percent_agreement(data) == 1.0
    assert cohen_kappa(data[0], data[1]) is None
    assert reference_kappa(data[0], data[1]) is None
    assert krippendorff_alpha(data) is None
    assert reference_alpha(data) is None


def test_nothing_to_compare_is_undefined() -> None:
    data = np.array([[1, np.nan], [np.nan, 0]])
    assert percent_agreement(data) is None
    assert cohen_kappa(data[0], data[1]) is None
    assert krippendorff_alpha(data) is None


def test_systematic_disagreement_gives_negative_figures() -> None:
    a = np.array([0, 1, 0, 1, 0, 1])
    b = 1 - a
    assert cohen_kappa(a, b) == pytest.approx(reference_kappa(a, b))
    assert cohen_kappa(a, b) == pytest.approx(-1.0)
    assert close(krippendorff_alpha(np.vstack([a, b])), reference_alpha(np.vstack([a, b])))


def test_bad_shapes_are_refused() -> None:
    with pytest.raises(ValueError):
        krippendorff_alpha(np.ones(4))
    with pytest.raises(ValueError):
        percent_agreement(np.ones((2, 3)), weights=[1, 2])
