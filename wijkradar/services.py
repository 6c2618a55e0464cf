"""Use cases shared by the CLI and the app: each joins file/database access to computation."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd

from gis.areas import area_code_at, assign_areas
from gis.i18n import message
from gis.importing import ImportResult, prepare_incidents, reject_report
from gis.io_areas import read_wijk_file
from gis.io_backends import create_workspace, open_workspace, workspace_exists
from gis.io_geography import ZoneGeography, load_zone
from gis.io_tables import ImportMapping, RawTable, read_incident_table, read_mapping
from gis.io_workspace import GeoPackageWorkspace
from gis.safety import neutralise_formulas
from gis.topology import normalise_wijk_columns, repair_wijken, wijk_gaps_and_overlaps
from wijkradar.geocode_services import GeocodeRun, geocode_if_possible
from wijkradar.signal_services import add_demo_signals

Progress = Callable[[str, float], None]
"""Called with a step label and the fraction done (0–1)."""


def _no_progress(step: str, fraction: float) -> None:
    return None


@dataclass
class ImportOutcome:
    """The result of importing one file into a workspace.

    Attributes
    ----------
    result : ImportResult
        Counts, incidents stored, reject lines, warnings.
    import_id : str
        Identifier of the import in the workspace's import log.
    reject_report : pathlib.Path or None
        CSV listing every row that was not stored (None when all rows were stored).
    geocoding : GeocodeRun or None
        The geocoding of the address-only rows, when the workspace has a gazetteer.
    """

    result: ImportResult
    import_id: str
    reject_report: Path | None
    geocoding: GeocodeRun | None = None

    def summary(self, lang: str = "nl") -> str:
        """Return ``read N · stored S · rejected R · duplicates D`` in ``lang``."""
        r = self.result
        return message(
            "import.summary",
            lang,
            read=r.read,
            stored=r.stored,
            rejected=r.rejected,
            duplicates=r.duplicates,
        )


def open_or_create_workspace(path: str | Path, zones: list[str] | None) -> GeoPackageWorkspace:
    """Open a workspace (path or postgresql:// URL), creating it for ``zones`` when it does not
    exist yet."""
    workspace = open_workspace(path)
    if zones and not workspace_exists(workspace):
        return create_workspace(path, [load_zone(z) for z in zones])
    return workspace


def _workspace_areas(workspace: GeoPackageWorkspace) -> dict[str, object]:
    return {
        "municipalities": workspace.areas("municipalities"),
        "deelgemeenten": workspace.areas("deelgemeenten"),
        "wijken": workspace.areas("wijken"),
    }


def reject_report_path(workspace: GeoPackageWorkspace, source_name: str, import_id: str) -> Path:
    """Return where the reject report of one import is written: next to the workspace."""
    stem = Path(source_name).stem
    return workspace.path.with_name(f"{workspace.path.stem}-rejects-{stem}-{import_id[:8]}.csv")


def import_table(
    table: RawTable,
    workspace: GeoPackageWorkspace,
    *,
    source_name: str,
    crs: str | None = None,
    mapping: ImportMapping | None = None,
    default_source: str = "pv",
    synthetic: bool = False,
    lang: str = "nl",
    progress: Progress = _no_progress,
) -> ImportOutcome:
    """Validate a raw table and store it in the workspace in one transaction.

    Parameters
    ----------
    table : RawTable
        As read by :func:`gis.io_tables.read_incident_table` (or built by the demo).
    workspace : GeoPackageWorkspace
        Target workspace (must exist).
    source_name : str
        File name recorded in the import log.
    crs, mapping, default_source, synthetic, lang
        See :func:`gis.importing.prepare_incidents`; ``crs`` wins over the mapping's.
    progress : callable
        Receives progress steps.

    Returns
    -------
    ImportOutcome
    """
    import_id = uuid.uuid4().hex
    progress("validate", 0.1)
    areas = _workspace_areas(workspace)
    result = prepare_incidents(
        table.rows,
        **areas,
        crs=crs or (mapping.crs if mapping else None),
        mapping=mapping.columns if mapping else None,
        default_source=(mapping.source if mapping and mapping.source else default_source),
        category_map=mapping.categories if mapping else None,
        existing_keys=workspace.incident_keys(),
        import_id=import_id,
        synthetic=synthetic,
        malformed=table.malformed,
        lang=lang,
    )
    if table.blank_lines:
        result.warnings.append(message("import.blank_lines", lang, count=table.blank_lines))
    progress("store", 0.6)
    report = None
    if len(result.rejects):
        report = reject_report_path(workspace, source_name, import_id)
        neutralise_formulas(reject_report(result.rejects, lang=lang)).to_csv(
            report, sep=";", index=False, encoding="utf-8-sig"
        )
    log = {
        "import_id": import_id,
        "imported_at": pd.Timestamp.now().isoformat(timespec="seconds"),
        "file": source_name,
        "read": result.read,
        "stored": result.stored,
        "rejected": result.rejected,
        "duplicates": result.duplicates,
        "crs": result.crs or "",
        "reject_report": report.name if report else "",
    }
    try:
        workspace.store_import(result.incidents, result.rejects, log)
    except BaseException:
        if report is not None:
            report.unlink(missing_ok=True)
        raise
    geocoding = None
    if result.stored and result.incidents["geocode_status"].eq("to_geocode").any():
        progress("geocode", 0.8)
        geocoding = geocode_if_possible(workspace)
    progress("done", 1.0)
    return ImportOutcome(
        result=result, import_id=import_id, reject_report=report, geocoding=geocoding
    )


def import_file(
    path: str | Path,
    workspace: GeoPackageWorkspace,
    *,
    crs: str | None = None,
    mapping_path: str | Path | None = None,
    default_source: str = "pv",
    lang: str = "nl",
    progress: Progress = _no_progress,
) -> ImportOutcome:
    """Read a CSV/XLSX police export and import it (see :func:`import_table`)."""
    progress("read", 0.0)
    table = read_incident_table(path)
    mapping = read_mapping(mapping_path) if mapping_path else None
    return import_table(
        table,
        workspace,
        source_name=Path(path).name,
        crs=crs,
        mapping=mapping,
        default_source=default_source,
        lang=lang,
        progress=progress,
    )


def zone_geographies(codes: list[str]) -> list[ZoneGeography]:
    """Load the shipped geography of each zone code."""
    return [load_zone(code) for code in codes]


def build_demo(
    path: str | Path,
    zones: list[str],
    *,
    seed: int = 0,
    years: float = 2.5,
    end: str | None = None,
    progress: Progress = _no_progress,
) -> ImportOutcome:
    """Create a workspace filled with synthetic demo incidents for ``zones``.

    The incidents come from :func:`gis.demo.generate_demo_incidents` and pass through the
    same validation as any import; the workspace and every row are marked synthetic.

    Parameters
    ----------
    path : str or pathlib.Path
        Workspace to create (must not exist).
    zones : list of str
        Zone codes.
    seed : int
        Seed of the generator.
    years : float
        Length of the demo period, ending at ``end``.
    end : str, optional
        Last day (ISO date); default today.
    progress : callable
        Receives progress steps.

    Returns
    -------
    ImportOutcome
    """
    from gis.demo import generate_demo_incidents

    geographies = zone_geographies(zones)
    progress("zones", 0.05)
    workspace = GeoPackageWorkspace.create(path, geographies, synthetic=True)
    stop = pd.Timestamp(end) if end else pd.Timestamp.now().normalize()
    start = stop - pd.Timedelta(days=round(365.25 * years))
    from wijkradar.planning_service import add_demo_planning  # synthetic roster and duties

    add_demo_planning(workspace, workspace.areas("wijken"), end=stop, seed=seed)
    progress("generate", 0.1)
    frames = [
        generate_demo_incidents(z.wijken, z.municipalities, start=start, end=stop, seed=seed + i)
        for i, z in enumerate(geographies)
    ]
    rows = pd.concat(frames, ignore_index=True)
    rows.index = rows.index + 2
    table = RawTable(rows.drop(columns=["synthetic"], errors="ignore"), None, None, 0,
                     pd.DataFrame(columns=["row", "fields", "expected"]))  # fmt: skip
    outcome = import_table(
        table,
        workspace,
        source_name="synthetic-demo",
        synthetic=True,
        progress=lambda step, done: progress(step, 0.2 + 0.8 * done),
    )
    from wijkradar.access_services import create_demo_users  # demo logins (documented)

    create_demo_users(workspace)
    add_demo_signals(workspace, seed=seed, now=stop)
    return outcome


@dataclass
class WijkReplacement:
    """What replacing a workspace's wijk layer found and did.

    Attributes
    ----------
    wijken : geopandas.GeoDataFrame
        The stored layer.
    repairs : pandas.DataFrame
        Wijken repaired or dropped (code, problem, detail).
    gaps_and_overlaps : geopandas.GeoDataFrame
        kind, wijk_a, wijk_b, area_m2 (m²).
    """

    wijken: gpd.GeoDataFrame
    repairs: pd.DataFrame
    gaps_and_overlaps: gpd.GeoDataFrame


def replace_wijken(
    path: str | Path,
    workspace: GeoPackageWorkspace,
    *,
    layer: str | None = None,
    code_column: str | None = None,
    name_column: str | None = None,
) -> WijkReplacement:
    """Replace the workspace's wijken with a zone's own polygons and re-assign incidents.

    Invalid geometries are repaired (or dropped) and reported; gaps and overlaps against the
    workspace's zone polygons are reported with their area in m². Each wijk gets the NIS code
    of the municipality holding its representative point.
    """
    raw = read_wijk_file(path, layer=layer)
    wijken = normalise_wijk_columns(raw, code_column=code_column, name_column=name_column)
    wijken, repairs = repair_wijken(wijken)
    municipalities = workspace.areas("municipalities")
    centres = gpd.GeoSeries(wijken.geometry.representative_point(), crs=wijken.crs)
    wijken = wijken.assign(nis=area_code_at(centres, municipalities, code_column="nis"))
    wijken["name"] = wijken["name"].fillna(wijken["code"])
    zones = workspace.areas("police_zones")
    report = wijk_gaps_and_overlaps(wijken, zones)
    incidents = workspace.incidents()
    located = incidents.geometry.notna()
    areas = assign_areas(
        incidents.geometry[located],
        municipalities=municipalities,
        deelgemeenten=workspace.areas("deelgemeenten"),
        wijken=wijken,
    )
    incidents.loc[located, "wijk"] = areas["wijk"]
    incidents.loc[located, "in_zone"] = areas["in_zone"]
    workspace.replace_wijken(wijken, incidents)
    return WijkReplacement(wijken=wijken, repairs=repairs, gaps_and_overlaps=report)
