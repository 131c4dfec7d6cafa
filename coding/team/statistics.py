"""Agreement statistics for nominal data: percent agreement, Cohen's kappa, Krippendorff's alpha.

Every function takes ``data``, a coders x units array of category numbers with ``nan`` where a
coder gave no value (the layout of ``krippendorff.alpha``'s ``reliability_data``), and optional
``weights``, one per unit: a unit of weight 3 counts as three identical units. Weights let the
agreement service compress a transcript's characters into a few distinct patterns.

Undefined results are ``None``, never a made-up number:

- with no unit that at least two coders coded there is nothing to compare;
- when every value is the same category, chance agreement is already total, so kappa and alpha
  are 0/0 (scikit-learn returns nan for kappa, ``krippendorff.alpha`` refuses such data).
  Percent agreement is still defined (1.0) and says what happened.
"""

from __future__ import annotations

from itertools import combinations

import numpy as np
from numpy.typing import ArrayLike, NDArray

FloatArray = NDArray[np.float64]


def _prepare(data: ArrayLike, weights: ArrayLike | None) -> tuple[FloatArray, FloatArray]:
    table = np.asarray(data, dtype=np.float64)
    if table.ndim != 2:
        raise ValueError("agreement data must be a coders x units table")
    if weights is None:
        unit_weights = np.ones(table.shape[1], dtype=np.float64)
    else:
        unit_weights = np.asarray(weights, dtype=np.float64)
        if unit_weights.shape != (table.shape[1],):
            raise ValueError("give one weight per unit")
        if (unit_weights < 0).any():
            raise ValueError("unit weights cannot be negative")
    return table, unit_weights


def _category_counts(table: FloatArray) -> tuple[FloatArray, int]:
    """Units x categories: how many coders gave each category to each unit."""
    present = ~np.isnan(table)
    categories = np.unique(table[present])
    counts = np.zeros((table.shape[1], len(categories)), dtype=np.float64)
    for index, category in enumerate(categories):
        counts[:, index] = ((table == category) & present).sum(axis=0)
    return counts, len(categories)


def percent_agreement(data: ArrayLike, weights: ArrayLike | None = None) -> float | None:
    """Share of agreeing coder pairs, over the units that at least two coders coded.

    With two coders this is the plain share of units on which they agree; with more, each
    unit contributes the share of its agreeing pairs.
    """
    table, unit_weights = _prepare(data, weights)
    counts, _ = _category_counts(table)
    coded = counts.sum(axis=1)
    pairable = coded >= 2
    if not pairable.any() or unit_weights[pairable].sum() == 0:
        return None
    pairs = coded[pairable] * (coded[pairable] - 1)
    agreeing = (counts[pairable] * (counts[pairable] - 1)).sum(axis=1)
    share = agreeing / pairs
    return float((share * unit_weights[pairable]).sum() / unit_weights[pairable].sum())


def cohen_kappa(
    first: ArrayLike, second: ArrayLike, weights: ArrayLike | None = None
) -> float | None:
    """Cohen's kappa of two coders over the units both coded (missing values are left out)."""
    table, unit_weights = _prepare(np.vstack([first, second]), weights)
    both = ~np.isnan(table).any(axis=0)
    a, b, w = table[0, both], table[1, both], unit_weights[both]
    total = w.sum()
    if total == 0:
        return None
    observed = w[a == b].sum() / total
    expected = 0.0
    for category in np.union1d(a, b):
        expected += (w[a == category].sum() / total) * (w[b == category].sum() / total)
    if np.isclose(expected, 1.0, rtol=0.0, atol=1e-12):
        return None
    return float((observed - expected) / (1.0 - expected))


def mean_pairwise_kappa(data: ArrayLike, weights: ArrayLike | None = None) -> float | None:
    """Light's kappa: the mean of Cohen's kappa over every pair of coders (undefined pairs
    left out). For two coders it is Cohen's kappa."""
    table, unit_weights = _prepare(data, weights)
    values = [
        cohen_kappa(table[i], table[j], unit_weights)
        for i, j in combinations(range(table.shape[0]), 2)
    ]
    defined = [value for value in values if value is not None]
    return float(np.mean(defined)) if defined else None


def krippendorff_alpha(data: ArrayLike, weights: ArrayLike | None = None) -> float | None:
    """Krippendorff's alpha for nominal data, any number of coders, missing values allowed.

    Built from the coincidence matrix: each unit with m >= 2 values adds every ordered pair of
    its values with weight 1/(m-1); alpha = 1 - D_o/D_e, which for nominal data is
    1 - (n-1) * (n - sum o_cc) / (n^2 - sum n_c^2).
    """
    table, unit_weights = _prepare(data, weights)
    counts, categories = _category_counts(table)
    coded = counts.sum(axis=1)
    pairable = coded >= 2
    if not pairable.any() or categories == 0:
        return None
    counts = counts[pairable]
    scale = unit_weights[pairable] / (coded[pairable] - 1)
    coincidences = np.einsum("u,uc,uk->ck", scale, counts, counts)
    coincidences -= np.diag((counts * scale[:, None]).sum(axis=0))
    marginals = coincidences.sum(axis=1)
    n = marginals.sum()
    expected_disagreement = n * n - (marginals**2).sum()
    if n <= 1 or np.isclose(expected_disagreement, 0.0, rtol=0.0, atol=1e-9):
        return None
    observed_disagreement = n - np.trace(coincidences)
    return float(1.0 - (n - 1.0) * observed_disagreement / expected_disagreement)
