"""Signals in a real GeoPackage workspace: storage and transactions, hand-over lists (CSV
content, PDF text via pdftotext), bulk import/export from the CLI, demo signals."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pyogrio
import pytest
from PIL import Image
from typer.testing import CliRunner

from gis.errors import ValidationError, WorkspaceError
from gis.io_signals import SIGNAL_LAYER, SignalStore
from gis.io_workspace import GeoPackageWorkspace
from gis.photos import clean_photo
from gis.signal_report import map_extract_png, overview_map_png
from gis.signals import NewSignal, SignalViewer, StatusChange, default_types
from wijkradar import signal_services
from wijkradar.cli import app

PDFTOTEXT = shutil.which("pdftotext")
NOW = pd.Timestamp("2026-05-20 10:00")


def inside(workspace: GeoPackageWorkspace, nis: str, dx: float = 0.0) -> tuple[float, float]:
    municipalities = workspace.areas("municipalities")
    point = municipalities[municipalities["nis"] == nis].geometry.iloc[0].representative_point()
    return point.x + dx, point.y


@pytest.fixture
def filled(workspace: GeoPackageWorkspace) -> GeoPackageWorkspace:
    """Four signals in Asse (23002) and Wemmel (23102), services configured."""
    store = SignalStore(workspace)
    store.put_services(
        pd.DataFrame(
            {
                "type": ["sluikstort", "*", "*"],
                "nis": ["*", "23002", "23102"],
                "service": ["Milieudienst", "Technische dienst Asse", "Technische dienst Wemmel"],
                "contact": ["milieu@example.org", "", ""],
            }
        )
    )
    records = [
        NewSignal(
            "defecte_straatverlichting",
            *inside(workspace, "23002"),
            "jan",
            description="Lamp kapot aan de kerk — café ‘t Hoekske",
            signal_id="a1",
            reported_at=NOW - pd.Timedelta(days=40),
        ),
        NewSignal(
            "sluikstort",
            *inside(workspace, "23002", 30),
            "jan",
            description='=HYPERLINK("http://evil")',
            signal_id="a2",
            reported_at=NOW - pd.Timedelta(days=3),
        ),
        NewSignal(
            "beschadigde_signalisatie",
            *inside(workspace, "23002", -30),
            "an",
            description="Bord B1 omver",
            signal_id="a3",
            address="Kerkplein 1, Asse",
            reported_at=NOW - pd.Timedelta(days=2),
        ),
        NewSignal(
            "hangplek",
            *inside(workspace, "23102"),
            "an",
            description="Bankje",
            signal_id="w1",
            reported_at=NOW - pd.Timedelta(days=1),
        ),
    ]
    store.record(records, now=NOW)
    return workspace


def test_signals_round_trip_and_filters(filled: GeoPackageWorkspace) -> None:
    store = SignalStore(filled)
    signals = store.signals()
    assert signals["signal_id"].tolist() == ["a1", "a2", "a3", "w1"]
    assert signals.crs.to_epsg() == 31370
    assert signals["reported_at"].dtype == "datetime64[ns]"
    assert signals.loc[0, "description"] == "Lamp kapot aan de kerk — café ‘t Hoekske"
    assert store.signals(nis=["23102"])["signal_id"].tolist() == ["w1"]
    assert store.signals(statuses=[]).empty
    assert len(store.history()) == 4 and store.history()["to_status"].eq("nieuw").all()
    assert store.types()["code"].tolist() == default_types()["code"].tolist()
    layers = set(pyogrio.list_layers(filled.path)[:, 0])
    assert {"signals", "signal_history", "signal_types", "signal_services"} <= layers


def test_illegal_change_in_a_batch_stores_nothing(filled: GeoPackageWorkspace) -> None:
    store = SignalStore(filled)
    before = filled.path.read_bytes()
    good = StatusChange("a1", "doorgegeven", by="chef", at=NOW, service="Technische dienst Asse")
    bad = StatusChange("a2", "opgelost", by="chef", at=NOW)
    with pytest.raises(ValidationError, match="from status 'nieuw' to 'opgelost'"):
        store.change_status([good, bad], now=NOW)
    assert filled.path.read_bytes() == before
    assert store.signals()["status"].eq("nieuw").all()
    store.change_status([good], now=NOW)
    assert store.signals().set_index("signal_id").at["a1", "status"] == "doorgegeven"
    assert store.history(["a1"])["to_status"].tolist() == ["nieuw", "doorgegeven"]


def test_types_in_use_cannot_be_removed_only_deactivated(filled: GeoPackageWorkspace) -> None:
    store = SignalStore(filled)
    types = store.types()
    with pytest.raises(ValidationError, match="'hangplek' is used"):
        store.put_types(types[types["code"] != "hangplek"])
    types.loc[types["code"] == "hangplek", "active"] = False
    types.loc[len(types)] = ["fietswrak", "Fietswrak", "Épave de vélo", "#123456", 20, True]
    store.put_types(types)
    stored = store.types().set_index("code")
    assert not stored.at["hangplek", "active"] and stored.at["fietswrak", "overdue_days"] == 20


def test_review_controls_what_a_partner_reads(filled: GeoPackageWorkspace) -> None:
    SignalStore(filled).review(["a3"], by="chef")
    partner = SignalViewer("partner", nis=("23002",))
    shown = signal_services.signal_overview(filled, viewer=partner, now=NOW).set_index("signal_id")
    assert sorted(shown.index) == ["a1", "a2", "a3"]
    assert shown.at["a3", "description"] == "Bord B1 omver"
    assert shown.at["a1", "description"] == ""
    assert "reported_by" not in shown and "responsible" not in shown


def pdf_text(data: bytes, tmp_path: Path) -> str:
    path = tmp_path / "list.pdf"
    path.write_bytes(data)
    return subprocess.run(
        [PDFTOTEXT, "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


@pytest.mark.skipif(PDFTOTEXT is None, reason="pdftotext (Debian poppler-utils) is missing")
def test_handover_per_service_csv_pdf_and_record(
    filled: GeoPackageWorkspace, tmp_path: Path
) -> None:
    store = SignalStore(filled)
    photo = clean_photo(_jpeg(), "lamp.jpg")
    store.add_photos("a1", [photo], by="jan", now=NOW)
    made = signal_services.make_handover(
        filled, "Technische dienst Asse", by="chef.peeters", now=NOW + pd.Timedelta(hours=1)
    )
    assert made.count == 2 and made.marked == 2  # a1 and a3; a2 is the Milieudienst's
    rows = list(csv.reader(io.StringIO(made.csv.decode("utf-8-sig")), delimiter=";"))
    header, body = rows[0], rows[1:]
    assert header[:4] == ["Nr", "Soort melding", "Referentie", "Soort"]
    table = [dict(zip(header, r, strict=True)) for r in body]
    assert [r["Referentie"] for r in table] == ["a1", "a3"]
    assert table[0]["Soort"] == "Defecte straatverlichting"
    assert table[0]["Te laat"] == "ja" and table[1]["Te laat"] == ""
    assert table[0]["Foto's"] == photo.file_name
    assert table[1]["Adres"] == "Kerkplein 1, Asse" and table[1]["Gemeente"] == "Asse"
    assert table[0]["Kaartuittreksel"] == "PDF, signaal 1"
    assert float(table[0]["X (Lambert 72)"].replace(",", ".")) > 100_000
    text = pdf_text(made.pdf, tmp_path)
    assert "Signalen voor Technische dienst Asse" in text
    assert "Lamp kapot aan de kerk — café ‘t Hoekske" in text
    assert "Bord B1 omver" in text and "Kerkplein 1, Asse" in text
    assert "Bankje" not in text and "HYPERLINK" not in text  # other services' signals
    assert "Overzichtskaart" in text and f"{photo.photo_id[:12]}….jpg" in text
    assert made.handover_id[:8] in text
    record = store.handovers()
    assert record.loc[0, ["service", "count", "marked", "created_by"]].tolist() == [
        "Technische dienst Asse",
        2,
        2,
        "chef.peeters",
    ]
    assert record.loc[0, "signal_ids"] == "a1,a3"
    statuses = store.signals().set_index("signal_id")["status"]
    assert statuses[["a1", "a3"]].eq("doorgegeven").all() and statuses["a2"] == "nieuw"
    again = signal_services.make_handover(
        filled, "Technische dienst Asse", by="chef.peeters", now=NOW + pd.Timedelta(days=1)
    )
    assert again.count == 2 and again.marked == 0  # reminders only
    assert "herinnering" in pdf_text(again.pdf, tmp_path)
    with pytest.raises(ValidationError, match="no new or open signals"):
        signal_services.make_handover(
            filled,
            "Technische dienst Asse",
            by="chef",
            reminders=False,
            now=NOW + pd.Timedelta(days=2),
        )


@pytest.mark.skipif(PDFTOTEXT is None, reason="pdftotext (Debian poppler-utils) is missing")
def test_handover_csv_neutralises_formulas_and_french(
    filled: GeoPackageWorkspace, tmp_path: Path
) -> None:
    made = signal_services.make_handover(
        filled, "Milieudienst", by="chef", lang="fr", mark=False, now=NOW
    )
    text = made.csv.decode("utf-8-sig")
    assert "'=HYPERLINK" in text and ";=HYPERLINK" not in text
    assert text.startswith("N°;Type d'envoi;Référence;Type")
    assert "Dépôt clandestin" in text
    assert "Signalements pour Milieudienst" in pdf_text(made.pdf, tmp_path)
    assert SignalStore(filled).signals().set_index("signal_id").at["a2", "status"] == "nieuw"


def test_map_extracts_are_pngs_drawn_offline(filled: GeoPackageWorkspace) -> None:
    from gis.signal_report import MapContext

    signals = SignalStore(filled).signals()
    context = MapContext(
        wijken=filled.areas("wijken"), municipalities=filled.areas("municipalities")
    )
    extract = Image.open(io.BytesIO(map_extract_png(signals.iloc[0], signals, context, label="1")))
    overview = Image.open(io.BytesIO(overview_map_png(signals, context, labels=["1", "2", "3"])))
    assert extract.format == overview.format == "PNG"
    assert extract.size == (450, 450)
    pixels = extract.convert("RGB").getcolors(maxcolors=100_000)
    assert len(pixels) > 5  # something was drawn on the white background


def test_record_refuses_points_outside_the_zone(workspace: GeoPackageWorkspace) -> None:
    with pytest.raises(ValidationError, match="outside the workspace's municipalities"):
        SignalStore(workspace).record([NewSignal("sluikstort", 10.0, 10.0, "jan")])
    assert not SignalStore(workspace).has_signals()


def test_store_refuses_other_backends() -> None:
    with pytest.raises(WorkspaceError, match="GeoPackage workspaces only"):
        SignalStore(object())  # type: ignore[arg-type]


def _jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (250, 220, 10)).save(out, format="JPEG")
    return out.getvalue()


# -- CLI ----------------------------------------------------------------------------------------


def test_cli_import_export_round_trip(
    workspace: GeoPackageWorkspace, write_csv, tmp_path: Path
) -> None:
    x, y = inside(workspace, "23052")
    source = write_csv(
        [
            ["referentie", "soort", "x", "y", "beschrijving", "datum"],
            ["m1", "Sluikstort", f"{x:.1f}".replace(".", ","), f"{y:.1f}", "Zakken", "03/05/2026"],
            ["m2", "hangplek", f"{x + 20:.1f}", f"{y:.1f}", "=1+1", "2026-05-04 21:30"],
            ["m3", "vliegende schotel", f"{x:.1f}", f"{y:.1f}", "", "04/05/2026"],
            ["m4", "sluikstort", "", "", "geen punt", "04/05/2026"],
            ["m5", "sluikstort", "10", "10", "buiten de zone", "04/05/2026"],
            ["m6", "sluikstort", f"{x:.1f}", f"{y:.1f}", "datum?", "32/13/2026"],
        ],
        name="signalen.csv",
    )
    runner = CliRunner()
    result = runner.invoke(
        app,
        [
            "signals",
            "import",
            str(source),
            "-w",
            str(workspace.path),
            "--rejects",
            str(tmp_path / "rej.csv"),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "gelezen 6 · bewaard 2 · geweigerd 4 · dubbels 0" in result.output
    rejected = pd.read_csv(tmp_path / "rej.csv", sep=";", encoding="utf-8-sig")
    assert rejected["rij"].tolist() == [4, 5, 6, 7]  # headings in the command's language
    again = runner.invoke(app, ["signals", "import", str(source), "-w", str(workspace.path)])
    assert "bewaard 0" in again.output and "dubbels 2" in again.output
    stored = SignalStore(workspace).signals().set_index("signal_id")
    assert stored.at["m1", "reported_at"] == pd.Timestamp("2026-05-03")
    assert stored.at["m1", "nis"] == "23052" and stored.at["m2", "location_source"] == "import"
    out = tmp_path / "export.csv"
    result = runner.invoke(app, ["signals", "export", str(out), "-w", str(workspace.path)])
    assert result.exit_code == 0, result.output
    exported = pd.read_csv(out, sep=";", encoding="utf-8-sig", dtype=str).set_index("signal_id")
    assert exported.at["m2", "description"] == "'=1+1"
    assert {"x", "y", "overdue", "status"} <= set(exported.columns)
    gpkg = tmp_path / "export.gpkg"
    result = runner.invoke(
        app, ["signals", "export", str(gpkg), "-w", str(workspace.path), "--status", "nieuw"]
    )
    assert result.exit_code == 0, result.output
    assert len(pyogrio.read_dataframe(gpkg, layer=SIGNAL_LAYER)) == 2
    bad = runner.invoke(
        app, ["signals", "export", str(tmp_path / "x.txt"), "-w", str(workspace.path)]
    )
    assert bad.exit_code == 2 and ".csv, .gpkg" in bad.output


def test_cli_services_and_handover(filled: GeoPackageWorkspace, write_csv, tmp_path: Path) -> None:
    table = write_csv(
        [
            ["type", "nis", "service", "contact"],
            ["*", "*", "Gemeentelijke diensten", "info@example.org"],
        ],
        name="diensten.csv",
    )
    runner = CliRunner()
    result = runner.invoke(app, ["signals", "services", "-w", str(filled.path), str(table)])
    assert result.exit_code == 0, result.output
    assert "Gemeentelijke diensten" in result.output
    result = runner.invoke(
        app,
        [
            "signals",
            "handover",
            "-w",
            str(filled.path),
            "--service",
            "Gemeentelijke diensten",
            "--by",
            "chef",
            "--out",
            str(tmp_path / "out"),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "4 signalen" in result.output
    files = sorted(p.suffix for p in (tmp_path / "out").iterdir())
    assert files == [".csv", ".pdf"]
    result = runner.invoke(app, ["signals", "counts", "-w", str(filled.path), "--month", "2026-05"])
    assert result.exit_code == 0, result.output
    assert "signalen 05/2026" in result.output


# -- demo ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> GeoPackageWorkspace:
    from wijkradar.services import build_demo

    path = tmp_path_factory.mktemp("signals-demo") / "demo.gpkg"
    build_demo(path, ["ipz31"], seed=3, years=1.0, end="2026-06-30")
    return GeoPackageWorkspace(path)


def test_demo_has_a_believable_labelled_set_of_signals(demo: GeoPackageWorkspace) -> None:
    store = SignalStore(demo)
    signals = store.signals()
    assert len(signals) >= 40 and signals["synthetic"].all()
    assert signals["reported_at"].max() <= pd.Timestamp("2026-06-30")
    assert set(signals["nis"]) == {"23002", "23052", "23060", "23102"}
    assert signals["wijk"].ne("").all()
    assert {"nieuw", "doorgegeven", "in_behandeling", "opgelost"} <= set(signals["status"])
    assert len(store.services()) and len(store.history()) > len(signals)
    view = signal_services.signal_overview(
        demo, viewer=SignalViewer("chef"), now=pd.Timestamp("2026-06-30")
    )
    assert 0 < view["overdue"].sum() < len(view)
    assert view["responsible"].ne("").all()
    counts = signal_services.signal_counts_for_report(
        demo, start=pd.Timestamp("2026-06-01"), end=pd.Timestamp("2026-07-01")
    )
    assert counts["reported"].sum() > 0
    assert counts.index.isin(demo.areas("wijken")["code"]).all()


# -- address through the geocoder -----------------------------------------------------------------


def test_address_through_the_offline_geocoder(
    workspace: GeoPackageWorkspace, tmp_path: Path
) -> None:
    from gis.gazetteer_fixture import synthetic_best_table
    from gis.io_gazetteer import write_best_csv
    from wijkradar import geocode_services

    assert not signal_services.can_geocode(workspace)
    with pytest.raises(WorkspaceError, match="no gazetteer"):
        signal_services.geocode_address(workspace, "Kalkoven 8, Asse")
    table = synthetic_best_table(seed=0).table
    geocode_services.import_gazetteer(write_best_csv(table, tmp_path / "best.zip"), workspace)
    truth = table[(table["streetname_nl"] == "Kalkoven") & (table["house_number"] == "8")]
    hit = signal_services.geocode_address(workspace, "Kalkoven 8, 1730 Asse")
    assert hit.found and hit.level == "address"
    assert hit.x == pytest.approx(float(truth["EPSG:31370_x"].iloc[0]))
    missing = signal_services.geocode_address(workspace, "Nergensstraat 3, Asse")
    assert not missing.found
    stored = signal_services.record_signal(
        workspace,
        NewSignal(
            "sluikstort",
            hit.x,
            hit.y,
            "jan",
            address="Kalkoven 8, 1730 Asse",
            location_source="adres",
        ),
    )
    assert stored.at[0, "nis"] == "23002" and stored.at[0, "location_source"] == "adres"


@pytest.mark.skipif(PDFTOTEXT is None, reason="pdftotext (Debian poppler-utils) is missing")
def test_monthly_wijk_report_counts_signals_per_wijk(
    demo: GeoPackageWorkspace, tmp_path: Path, monkeypatch
) -> None:
    import wijkradar.plan_reports as plan_reports
    from wijkradar.planning_service import monthly_report

    counts = signal_services.signal_counts_for_report(
        demo, start=pd.Timestamp("2026-06-01"), end=pd.Timestamp("2026-07-01")
    )
    assert counts["reported"].sum() > 0
    report = monthly_report(demo, "2026-06", tmp_path / "rapport.pdf")
    text = subprocess.run(
        ["pdftotext", "-layout", str(report), "-"], check=True, capture_output=True, text=True
    ).stdout
    assert "signalen" in text and "sign. te laat" in text
    seen = {}
    real = plan_reports.monthly_report_pdf
    monkeypatch.setattr(
        plan_reports, "monthly_report_pdf", lambda path, **kw: seen.update(kw) or real(path, **kw)
    )
    monthly_report(demo, "2026-06", tmp_path / "again.pdf")
    per_wijk = seen["per_wijk"]
    assert list(per_wijk.columns[-3:]) == ["signals", "signals_resolved", "signals_overdue"]
    assert per_wijk["signals"].sum() == counts["reported"].sum()
    assert per_wijk["signals_overdue"].sum() == counts["overdue"].sum()
