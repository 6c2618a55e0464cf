"""Replacing the shipped wijk layer with a zone's own polygons, end to end through the CLI."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import shapely
from typer.testing import CliRunner

from gis.io_geography import ZoneGeography
from gis.io_workspace import GeoPackageWorkspace
from wijkradar.cli import app

runner = CliRunner()


def _import_points(workspace: GeoPackageWorkspace, tmp_path: Path, points: list[tuple]) -> None:
    rows = ["id;categorie;datum;x;y"] + [
        f"P{i};vandalisme;01/02/2025 10:00;{x:.2f};{y:.2f}" for i, (x, y) in enumerate(points)
    ]
    path = tmp_path / "punten.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["import", str(path), "-w", str(workspace.path)])
    assert result.exit_code == 0, result.output


def test_own_wijken_replace_the_layer_report_gap_and_reassign(
    workspace: GeoPackageWorkspace, amow: ZoneGeography, tmp_path: Path
) -> None:
    # the zone's own layer: the shipped Wemmel wijken merged into one, Asse's 23002W05 left out
    wijken = amow.wijken.copy()
    gone = wijken[wijken["code"] == "23002W05"].geometry.iloc[0]
    wemmel = wijken[wijken["nis"] == "23102"]
    merged = gpd.GeoDataFrame(
        {"WijkCode": ["WEM-1"], "Naam": ["Heel Wemmel"]},
        geometry=[shapely.union_all(wemmel.geometry.to_numpy())],
        crs=wijken.crs,
    )
    rest = wijken[(wijken["nis"] != "23102") & (wijken["code"] != "23002W05")]
    own = gpd.GeoDataFrame(
        {"WijkCode": [*rest["code"], "WEM-1"], "Naam": [*rest["name"], "Heel Wemmel"]},
        geometry=[*rest.geometry, merged.geometry.iloc[0]],
        crs=wijken.crs,
    )
    own_file = tmp_path / "eigen_wijken.gpkg"
    own.to_file(own_file, driver="GPKG")
    inside_wemmel = wemmel.geometry.iloc[0].representative_point()
    inside_gone = gone.representative_point()
    _import_points(workspace, tmp_path, [(inside_wemmel.x, inside_wemmel.y),
                                         (inside_gone.x, inside_gone.y)])  # fmt: skip

    result = runner.invoke(app, ["zone", "wijken", str(own_file), "-w", str(workspace.path)])

    assert result.exit_code == 0, result.output
    stored = workspace.areas("wijken")
    assert set(stored["code"]) == {*rest["code"], "WEM-1"}
    assert stored.loc[stored["code"] == "WEM-1", "nis"].item() == "23102"
    # the removed wijk is reported as a gap with its area in m²
    assert "gat" in result.output
    assert f"{gone.area:,.0f}".replace(",", ".") in result.output
    incidents = workspace.incidents().set_index("id")
    assert incidents.at["P0", "wijk"] == "WEM-1"
    assert not incidents.at["P1", "in_zone"]  # no wijk holds it any more: kept, flagged
    assert len(incidents) == 2  # nothing lost


def test_unknown_columns_are_named(workspace: GeoPackageWorkspace, amow, tmp_path: Path) -> None:
    odd = amow.wijken.rename(columns={"code": "sleutel", "name": "label"})
    path = tmp_path / "odd.geojson"
    odd.to_file(path, driver="GeoJSON")
    result = runner.invoke(app, ["zone", "wijken", str(path), "-w", str(workspace.path)])
    assert result.exit_code == 2
    assert "sleutel" in result.output
    ok = runner.invoke(
        app,
        ["zone", "wijken", str(path), "-w", str(workspace.path),
         "--code-column", "sleutel", "--name-column", "label"],
    )  # fmt: skip
    assert ok.exit_code == 0, ok.output
    assert "geen gaten of overlappingen" in ok.output
