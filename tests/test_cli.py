"""Tests of the ``wijkradar`` command line (typer), run in-process with CliRunner."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gis.io_geography import ATTRIBUTION, list_zones
from gis.io_workspace import GeoPackageWorkspace
from wijkradar.cli import app

runner = CliRunner()


def flat(text: str) -> str:
    """The output with rich's line wrapping undone."""
    return " ".join(text.split())


def test_zone_list_shows_the_107_zones_and_the_attribution() -> None:
    result = runner.invoke(app, ["zone", "list"])
    assert result.exit_code == 0, result.output
    codes = set(re.findall(r"^│ (\w+)\s+│", result.output, flags=re.MULTILINE))
    assert codes == set(list_zones()["code"])
    assert len(codes) == 107
    assert {"ipz31", "ipz51"} <= codes
    assert "PZ Amow" in result.output
    assert ATTRIBUTION in flat(result.output)


def test_zone_show_lists_the_32_wijken(amow) -> None:
    result = runner.invoke(app, ["zone", "show", "ipz31"])
    assert result.exit_code == 0, result.output
    assert "ipz31 — PZ Amow" in result.output
    assert "4 gemeenten, 12 deelgemeenten, 32 wijken" in flat(result.output)
    shown = set(re.findall(r"\b\d{5}W\d{2}\b", result.output))
    assert shown == set(amow.wijken["code"]) and len(shown) == 32
    assert ATTRIBUTION in flat(result.output)


def test_zone_show_is_case_insensitive() -> None:
    result = runner.invoke(app, ["zone", "show", "IPZ51"])
    assert result.exit_code == 0, result.output
    assert "ipz51" in result.output and "2 gemeenten" in result.output


@pytest.mark.parametrize(
    "args",
    [
        ["zone", "show", "ipz999"],
        ["workspace", "create", "--workspace", "{ws}", "--zone", "ipz999"],
        ["import", "{csv}", "--workspace", "{ws}", "--zone", "ipz999"],
    ],
    ids=["zone show", "workspace create", "import"],
)
def test_unknown_zone_exits_2_with_a_dutch_message(tmp_path: Path, args: list[str]) -> None:
    csv = tmp_path / "in.csv"
    csv.write_text("id;feit;datum;straat\nA;diefstal;05/03/2024;Kerkstraat\n", encoding="utf-8")
    ws = tmp_path / "ws.gpkg"
    result = runner.invoke(app, [a.format(ws=ws, csv=csv) for a in args])
    assert result.exit_code == 2
    message = flat(result.output)
    assert "fout: onbekende politiezone 'ipz999'" in message
    assert "wijkradar zone list" in message
    assert "is not a known" not in message  # not the English developer message
    assert not ws.exists()


IMPORT_ROWS = [
    "PV-nummer;Feit;Datum;Straat;Postcode;Gemeente;X;Y",
    "A1;diefstal;05/03/2024 10:00;Kapelleveld;1730;Asse;137872,31;177782,70",
    "A2;diefstal;31/02/2024;Kapelleveld;1730;Asse;137872,31;177782,70",
    "",
    "A3;vandalisme;06/03/2024;Sint-Gorikslaan;1730;Asse;0;0",
    "A1;diefstal;05/03/2024 10:00;Kapelleveld;1730;Asse;137872,31;177782,70",
    "A4;diefstal;07/03/2024;Brusselsesteenweg;17300;Asse;;",
]


def test_import_prints_the_counts(tmp_path: Path) -> None:
    csv = tmp_path / "export.csv"
    csv.write_bytes("\r\n".join(IMPORT_ROWS).encode("cp1252"))
    ws = tmp_path / "ws.gpkg"
    first = runner.invoke(app, ["import", str(csv), "--workspace", str(ws), "--zone", "ipz31"])
    assert first.exit_code == 0, first.output
    assert "gelezen 5 · bewaard 2 · geweigerd 2 · dubbels 1" in first.output
    assert "weigeringsrapport:" in first.output
    assert "1 lege regel(s) overgeslagen" in flat(first.output)
    assert len(GeoPackageWorkspace(ws).incidents()) == 2

    again = runner.invoke(app, ["import", str(csv), "--workspace", str(ws)])
    assert again.exit_code == 0, again.output
    assert "gelezen 5 · bewaard 0 · geweigerd 2 · dubbels 3" in again.output
    assert len(GeoPackageWorkspace(ws).incidents()) == 2
    assert len(list(tmp_path.glob("ws-rejects-export-*.csv"))) == 2

    info = runner.invoke(app, ["workspace", "info", "--workspace", str(ws)])
    assert info.exit_code == 0, info.output
    assert "zones: ipz31" in info.output and "incidenten: 2" in info.output


def test_import_in_french(tmp_path: Path, workspace: GeoPackageWorkspace) -> None:
    csv = tmp_path / "export.csv"
    csv.write_text("\n".join(IMPORT_ROWS[:2]), encoding="utf-8")
    args = ["import", str(csv), "-w", str(workspace.path), "--lang", "fr"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "lus 1 · enregistrés 1 · refusés 0 · doublons 0" in result.output


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("Straat;Omschrijving\nKerkstraat;x\n", "lacks the required fields"),
        ("id;feit;datum;x;y\nA;diefstal;05/03/2024;9000000;9000000\n", "geef --crs op"),
    ],
)
def test_import_of_an_unusable_file_exits_2(
    tmp_path: Path, workspace: GeoPackageWorkspace, content: str, message: str
) -> None:
    csv = tmp_path / "bad.csv"
    csv.write_text(content, encoding="utf-8")
    before = workspace.path.read_bytes()
    result = runner.invoke(app, ["import", str(csv), "--workspace", str(workspace.path)])
    assert result.exit_code == 2
    assert message in flat(result.output) and "fout:" in result.output
    assert workspace.path.read_bytes() == before


def test_import_without_workspace_or_zone_exits_2(tmp_path: Path) -> None:
    csv = tmp_path / "in.csv"
    csv.write_text("\n".join(IMPORT_ROWS[:2]), encoding="utf-8")
    result = runner.invoke(app, ["import", str(csv), "--workspace", str(tmp_path / "no.gpkg")])
    assert result.exit_code == 2
    assert "does not exist" in flat(result.output)
