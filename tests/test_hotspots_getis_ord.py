"""Getis-Ord Gi*: agreement with esda on known lattices, FDR, classes, clipped grids."""

from __future__ import annotations

import warnings

import esda
import libpysal
import numpy as np
import pandas as pd
import pytest
from hotspot_data import points, square_grid, square_zone
from hypothesis import given, settings
from hypothesis import strategies as st

from gis.errors import ValidationError
from gis.getis_ord import (
    benjamini_hochberg,
    getis_ord_hotspots,
    gi_star,
    gi_star_scores,
    grid_weights,
)
from gis.hotspots import analysis_grid

N = 10


def _planted(seed: int = 0) -> np.ndarray:
    """Poisson(2) background on a 10 × 10 lattice with a +8 block at cols 2–4, rows 6–8."""
    grid = square_grid(N)
    y = np.random.default_rng(seed).poisson(2.0, N * N).astype(float)
    block = grid["col"].between(2, 4) & grid["row"].between(6, 8)
    y[block.to_numpy()] += 8.0
    return y


def _esda_z(y: np.ndarray, w: libpysal.weights.W) -> np.ndarray:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return esda.G_Local(y, w, transform="B", star=True, permutations=0).Zs


@pytest.mark.parametrize("neighbourhood", ["queen", "rook"])
@pytest.mark.parametrize("seed", [0, 1])
def test_gi_star_matches_esda_on_a_lattice(neighbourhood: str, seed: int) -> None:
    grid = square_grid(N)
    y = _planted(seed)
    ours = gi_star_scores(pd.Series(y, index=grid.index), grid, neighbourhood=neighbourhood)
    reference = _esda_z(y, libpysal.weights.lat2W(N, N, rook=neighbourhood == "rook"))
    np.testing.assert_allclose(ours["gi_z"].to_numpy(), reference, atol=1e-6)
    # the planted block is hot, its centre at 99 %
    centre = (grid["col"] == 3) & (grid["row"] == 7)
    assert ours.loc[centre, "gi_class"].item() == "hot_99"


def test_distance_band_matches_esda() -> None:
    grid = square_grid(N, size=100.0)
    y = _planted(2)
    ours = gi_star_scores(
        pd.Series(y, index=grid.index), grid, neighbourhood="distance", distance_m=230.0
    )
    centres = np.column_stack([grid["col"] * 100 + 50, grid["row"] * 100 + 50])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        band = libpysal.weights.DistanceBand(centres, threshold=230.0, silence_warnings=True)
    np.testing.assert_allclose(ours["gi_z"].to_numpy(), _esda_z(y, band), atol=1e-6)


def test_weights_of_a_clipped_grid() -> None:
    w = grid_weights(square_grid(4), neighbourhood="queen")
    rows = np.asarray(w.sum(axis=1)).ravel()
    assert rows[0] == 4  # corner: itself + 3
    assert rows[5] == 9  # interior: itself + 8
    assert (w.diagonal() == 1).all()
    assert (w != w.T).nnz == 0
    rook = grid_weights(square_grid(4), neighbourhood="rook", star=False)
    assert np.asarray(rook.sum(axis=1)).ravel()[5] == 4
    # a missing cell (outside the zone) is nobody's neighbour
    clipped = square_grid(4).drop(index=[6]).reset_index(drop=True)
    assert np.asarray(grid_weights(clipped).sum(axis=1)).ravel()[5] == 8


def _manual_bh(p: np.ndarray, alpha: float) -> np.ndarray:
    m = len(p)
    order = np.argsort(p)
    passed = [k for k in range(1, m + 1) if p[order[k - 1]] <= k / m * alpha]
    mask = np.zeros(m, dtype=bool)
    if passed:
        mask[order[: max(passed)]] = True
    return mask


@settings(max_examples=50, deadline=None)
@given(
    p=st.lists(st.floats(0.0, 1.0), min_size=1, max_size=60),
    alpha=st.sampled_from([0.01, 0.05, 0.1]),
)
def test_fdr_mask_matches_a_manual_benjamini_hochberg(p: list[float], alpha: float) -> None:
    values = np.array(p)
    assert (benjamini_hochberg(values, alpha=alpha) == _manual_bh(values, alpha)).all()


def test_fdr_on_gi_star_p_values() -> None:
    grid = square_grid(N)
    y = _planted(3)
    scores = gi_star_scores(pd.Series(y, index=grid.index), grid, fdr=True)
    plain = gi_star_scores(pd.Series(y, index=grid.index), grid, fdr=False)
    p = scores["p_value"].to_numpy()
    for level, alpha in ((1, 0.10), (2, 0.05), (3, 0.01)):
        assert ((scores["gi_bin"].abs() >= level).to_numpy() == _manual_bh(p, alpha)).all()
        assert ((plain["gi_bin"].abs() >= level).to_numpy() == (p <= alpha)).all()
    assert (scores["gi_bin"].abs() <= plain["gi_bin"].abs()).all()


def test_cold_spots_are_classed_cold() -> None:
    grid = square_grid(N)
    y = np.full(N * N, 6.0) + np.random.default_rng(4).poisson(1.0, N * N)
    hole = (grid["col"].between(5, 8) & grid["row"].between(1, 4)).to_numpy()
    y[hole] = 0.0
    scores = gi_star_scores(pd.Series(y, index=grid.index), grid, fdr=False)
    centre = ((grid["col"] == 6) & (grid["row"] == 2)).to_numpy()
    assert scores.loc[centre, "gi_class"].item() == "cold_99"
    assert scores.loc[centre, "gi_z"].item() < -2.58
    assert not scores["gi_class"].str.startswith("hot").to_numpy()[hole].any()


def test_no_variation_gives_no_hot_spots() -> None:
    grid = square_grid(5)
    scores = gi_star_scores(pd.Series(3.0, index=grid.index), grid)
    assert (scores["gi_z"] == 0).all()
    assert (scores["gi_class"] == "none").all()


def test_gi_star_of_many_periods_equals_one_by_one() -> None:
    grid = square_grid(N)
    w = grid_weights(grid)
    y = np.column_stack([_planted(s) for s in range(4)])
    z = gi_star(y, w)
    for k in range(4):
        np.testing.assert_allclose(z[:, k], gi_star(y[:, k], w))


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"neighbourhood": "hexagon"}, "neighbourhood='hexagon'"),
        ({"neighbourhood": "distance"}, "needs distance_m"),
        ({"neighbourhood": "distance", "distance_m": 50.0}, "distance_m=50.0"),
        ({"neighbourhood": "distance", "distance_m": 5000.0}, "distance_m=5000.0"),
        ({"neighbourhood": "queen", "distance_m": 300.0}, "only applies"),
    ],
)
def test_bad_neighbourhoods_are_refused(options: dict, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        grid_weights(square_grid(4), **options)


def test_getis_ord_hotspots_on_incidents() -> None:
    rng = np.random.default_rng(5)
    x = np.concatenate([rng.uniform(0, 1500, 400), rng.normal(725, 40, 150)])
    y = np.concatenate([rng.uniform(0, 1500, 400), rng.normal(725, 40, 150)])
    result = getis_ord_hotspots(points(x, y), square_zone(1500.0), cell_size=150.0)
    frame = result.frame.set_index("cell")
    assert frame.loc["4_4", "gi_class"] == "hot_99"  # the cell holding the planted blob
    assert frame["count"].sum() == 550
    hot = frame[frame["gi_class"].str.startswith("hot")]
    assert len(hot) < 20
    assert result.category == "gi_class" and result.kind == "grid"
    assert set(result.drawn["gi_class"]) <= {"hot_99", "hot_95", "hot_90", "cold_90"}
    # the grid is the zone's: same cells as analysis_grid
    assert len(result.frame) == len(analysis_grid(square_zone(1500.0), cell_size=150.0))
