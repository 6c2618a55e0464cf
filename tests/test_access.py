"""Roles enforced in the data layer: every view and export of every role, on both backends.

Each test asks through :class:`gis.io_access.AccessSession` (or the export functions built on
it) and checks what must never appear: incidents outside an inspecteur's wijken, anything
incident-level for a partner (points, ids, PV numbers, text, addresses, buckets below k).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest
from backends import BACKENDS, drop_location, new_location, postgres_url

from gis.access import (
    FORBIDDEN_FOR_PARTNER,
    MIN_K,
    NUISANCE_CATEGORIES,
    PARTNER_COLUMNS,
    PartnerPolicy,
    Role,
    User,
    check_partner_result,
    partner_aggregate,
    user_for_claims,
)
from gis.errors import AccessDeniedError, ValidationError, WorkspaceError
from gis.io_access import AccessSession, login_user
from gis.io_backends import access_store_for, copy_workspace, open_workspace
from gis.selection import Selection
from gis.workspace import Visit
from wijkradar.access_services import DEMO_ACCOUNTS, add_user, demo_user_for_env
from wijkradar.exports import ExportOptions, export_frame, write_export
from wijkradar.services import build_demo, import_file

TODAY = pd.Timestamp("2026-06-30")
XSS = "<img src=x onerror=\"document.title='pwned'\">"
FORMULA = '=HYPERLINK("http://example.invalid","klik")'


@pytest.fixture(scope="module")
def gpkg_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A synthetic ipz51 workspace, one year up to TODAY, demo users, two hostile rows."""
    folder = tmp_path_factory.mktemp("access")
    path = folder / "demo.gpkg"
    build_demo(path, ["ipz51"], seed=5, years=1.0, end=str(TODAY.date()))
    workspace = open_workspace(path)
    wijk = workspace.areas("wijken").set_index("code").representative_point()
    own = next(u for u in access_store_for(workspace).users() if u.role is Role.INSPECTEUR)
    x, y = wijk[own.wijken[0]].x, wijk[own.wijken[0]].y
    csv = folder / "hostile.csv"
    pd.DataFrame(
        [
            ["XSS-1", "geluidsoverlast", "01/03/2026 22:00", "Kerkstraat", "Herent", XSS],
            ["CSV-1", "vandalisme", "02/03/2026 22:00", FORMULA, "Herent", FORMULA],
        ],
        columns=["PV-nummer", "Feit", "Datum", "Straat", "Gemeente", "Omschrijving"],
    ).assign(X=round(x, 1), Y=round(y, 1)).to_csv(csv, sep=";", index=False)
    assert import_file(csv, workspace).result.stored == 2
    return path


@pytest.fixture(scope="module", params=BACKENDS)
def location(request: pytest.FixtureRequest, gpkg_demo: Path, tmp_path_factory) -> str:
    """The demo workspace on each backend (PostGIS: a copy with the same users)."""
    if request.param == "gpkg":
        return str(gpkg_demo)
    if postgres_url() is None:
        pytest.skip("PostGIS tests need WIJKRADAR_TEST_POSTGRES_URL")
    url = new_location("postgis", tmp_path_factory.mktemp("pg"))
    copy_workspace(gpkg_demo, url)
    request.addfinalizer(lambda: drop_location(url))
    return url


def session(location: str, name: str) -> AccessSession:
    workspace = open_workspace(location)
    store = access_store_for(workspace)
    return AccessSession(workspace, store, store.user(name), client="test", today=TODAY)


def raw(location: str) -> gpd.GeoDataFrame:
    return open_workspace(location).incidents()


def assert_partner_safe(frame: pd.DataFrame, policy: PartnerPolicy) -> None:
    """What a partner result must look like, checked independently of check_partner_result."""
    assert set(frame.columns) <= set(PARTNER_COLUMNS), frame.columns
    assert not set(frame.columns) & FORBIDDEN_FOR_PARTNER
    assert (frame["count"] >= policy.k).all()
    assert set(frame["category"]) <= {*policy.categories, "alle"}
    if isinstance(frame, gpd.GeoDataFrame) and len(frame):
        assert set(frame.geom_type) <= {"Polygon", "MultiPolygon"}
    text = frame.drop(columns="geometry", errors="ignore").astype("str").to_numpy().ravel()
    assert not any(XSS in t or "XSS-1" in t or "DEMO-" in t or "straat" in t for t in text)


# -- pure rules ----------------------------------------------------------------------------


@pytest.mark.parametrize("k", [0, 1, 4, 4.5])
def test_k_cannot_go_below_five(k) -> None:
    with pytest.raises(ValidationError, match="k="):
        PartnerPolicy(k=k)


@pytest.mark.parametrize(("option", "value"), [("min_cell_m", 100.0), ("lag_days", -1)])
def test_cells_and_lag_cannot_be_loosened(option: str, value: float) -> None:
    with pytest.raises(ValidationError):
        PartnerPolicy(**{option: value})


def test_check_partner_result_refuses_points_ids_and_small_counts(gpkg_demo: Path) -> None:
    policy = PartnerPolicy()
    incidents = raw(str(gpkg_demo))
    wijken = open_workspace(gpkg_demo).areas("wijken")
    good = partner_aggregate(incidents, wijken, policy, level="wijk", period="total")
    assert len(good) > 0
    with pytest.raises(AccessDeniedError, match="polygons"):
        check_partner_result(good.set_geometry(good.representative_point()), policy)
    with pytest.raises(AccessDeniedError, match="columns"):
        check_partner_result(good.assign(id="X"), policy)
    with pytest.raises(AccessDeniedError, match="fewer than k"):
        check_partner_result(good.assign(count=good["count"] - good["count"] + 4), policy)
    with pytest.raises(AccessDeniedError, match="categories"):
        check_partner_result(good.assign(category="woninginbraak"), policy)


def test_partner_counts_equal_an_independent_count(gpkg_demo: Path) -> None:
    """Every bucket with >= k incidents is there with its exact count; none below k."""
    policy = PartnerPolicy()
    incidents = raw(str(gpkg_demo))
    wijken = open_workspace(gpkg_demo).areas("wijken")
    cutoff = TODAY - pd.Timedelta(days=14)
    result = partner_aggregate(
        incidents, wijken, policy, level="wijk", period="month", before=cutoff
    )
    keep = incidents["category"].isin(NUISANCE_CATEGORIES) & (incidents["start"] < cutoff)
    keep &= incidents["wijk"].notna()
    expected = (
        incidents[keep]
        .assign(period=incidents["start"].dt.strftime("%Y-%m"))
        .groupby(["wijk", "category", "period"])
        .size()
    )
    expected = expected[expected >= MIN_K].sort_index()
    got = result.set_index(["area", "category", "period"])["count"].sort_index()
    assert got.index.tolist() == expected.index.tolist()
    assert got.tolist() == expected.tolist()
    assert result["period"].max() <= cutoff.strftime("%Y-%m")


def test_oidc_claims_map_to_local_users_only() -> None:
    users = [
        User("an", Role.CHEF, email="An.Peeters@pz.example"),
        User("bo", Role.PARTNER, subject="sub-123"),
    ]
    assert user_for_claims({"sub": "sub-123", "email": "x@y"}, users).name == "bo"
    assert user_for_claims({"email": "an.peeters@pz.example"}, users).name == "an"
    with pytest.raises(AccessDeniedError):
        user_for_claims({"email": "an.peeters@pz.example", "email_verified": False}, users)
    with pytest.raises(AccessDeniedError, match="no wijkradar user"):
        user_for_claims({"sub": "other", "email": "nobody@pz.example"}, users)


# -- every role, every view, both backends -------------------------------------------------


@pytest.mark.parametrize("name", ["chef", "admin"])
def test_chef_and_admin_see_the_whole_zone(location: str, name: str) -> None:
    s = session(location, name)
    seen = s.incidents()
    assert len(seen) == len(raw(location))
    assert {"XSS-1", "CSV-1"} <= set(seen["id"])
    grid, _best = s.hotspots(Selection(), cell_size=150)
    assert grid["count"].sum() == (seen.geometry.notna() & seen["in_zone"]).sum()
    log = s.read_audit(action="view")
    assert log["user"].eq(name).any() and log["rows"].max() == len(seen)


def test_inspecteur_never_receives_incidents_outside_own_wijken(location: str) -> None:
    s = session(location, "inspecteur")
    allowed = {*s.user.wijken, *s.user.neighbours}
    assert s.user.neighbours, "the demo inspecteur has neighbouring wijken"
    everything = raw(location)
    seen = s.incidents()
    assert set(seen["wijk"]) <= allowed
    assert len(seen) == everything["wijk"].isin(allowed).sum() > 0
    other = sorted(set(everything["wijk"].dropna()) - allowed)[0]
    assert len(s.incidents(wijken=[other])) == 0
    assert len(s.incidents(nis=[everything["nis"].dropna().iloc[0]], wijken=None)) <= len(seen)
    assert set(s.wijken()["code"]) == allowed
    grid, best = s.hotspots(Selection(), cell_size=100)
    assert grid["count"].sum() == (seen.geometry.notna() & seen["in_zone"]).sum()
    cells = gpd.GeoDataFrame(geometry=best.geometry.representative_point(), crs=best.crs)
    inside = cells.within(s.wijken().union_all().buffer(1))
    assert inside.all()
    nuisance = s.nuisance(level="wijk", period="total")
    assert set(nuisance["area"]) <= allowed
    with pytest.raises(AccessDeniedError, match="audit"):
        s.read_audit()
    for what in ("incidents", "hotspots", "nuisance"):
        frame = export_frame(s, what, ExportOptions(cell_size=150))
        if what == "incidents":
            assert set(frame["wijk"]) <= allowed and len(frame) == len(seen)


def test_inspecteur_records_visits_only_in_own_wijken(location: str) -> None:
    s = session(location, "inspecteur")
    own, neighbour = s.user.wijken[0], s.user.neighbours[0]
    start = pd.Timestamp("2026-06-01 10:00")
    s.record_visits([Visit("inspecteur", own, "cell 12_34", start, start + pd.Timedelta("1h"))])
    with pytest.raises(AccessDeniedError, match="own wijken"):
        s.record_visits([Visit("inspecteur", neighbour, "x", start, start)])
    with pytest.raises(AccessDeniedError, match="their own visits"):
        s.record_visits([Visit("chef", own, "x", start, start)])
    with pytest.raises(AccessDeniedError):
        session(location, "partner").visits()
    assert own in set(s.visits()["wijk"])


def test_partner_never_receives_incident_level_data(location: str) -> None:
    s = session(location, "partner")
    with pytest.raises(AccessDeniedError, match="aggregates"):
        s.incidents()
    with pytest.raises(AccessDeniedError):
        s.hotspots(Selection())
    with pytest.raises(AccessDeniedError):
        s.audit_view(Selection(), 1)
    with pytest.raises(AccessDeniedError):
        s.read_audit()
    with pytest.raises(AccessDeniedError):
        export_frame(s, "incidents", ExportOptions())
    with pytest.raises(ValidationError, match="partner minimum"):
        s.nuisance(level="grid", cell_size=150)
    everything = raw(location)
    newest = everything[everything["category"].isin(NUISANCE_CATEGORIES)]["start"].max()
    assert newest >= TODAY - pd.Timedelta(days=14), "the demo has data inside the lag"
    for level in ("wijk", "deelgemeente", "grid"):
        for period in ("total", "quarter", "month", "week"):
            for by_category in (True, False):
                frame = s.nuisance(
                    level=level, period=period, by_category=by_category, cell_size=250
                )
                assert_partner_safe(frame, s.policy)
                if period == "total" and level == "wijk":
                    assert len(frame) > 0
                if period == "month":
                    assert frame["period"].max() <= (TODAY - pd.Timedelta(days=14)).strftime(
                        "%Y-%m"
                    )
    assert_partner_safe(export_frame(s, "hotspots", ExportOptions(cell_size=100)), s.policy)


def test_partner_exports_on_disk_hold_no_point_id_or_small_count(
    location: str, tmp_path: Path
) -> None:
    s = session(location, "partner")
    for what in ("nuisance", "hotspots"):
        result = write_export(s, what, tmp_path / what, ExportOptions(level="grid"), xlsx=True)
        gpkg = next(p for p in result.files if p.suffix == ".gpkg")
        layer = pyogrio.read_dataframe(gpkg)
        info = pyogrio.read_info(gpkg)
        assert info["geometry_type"] in ("Polygon", "MultiPolygon", "Unknown")
        assert_partner_safe(layer, s.policy)
        assert len(layer) == result.rows > 0
        csv = pd.read_csv(next(p for p in result.files if p.suffix == ".csv"), sep=";")
        assert set(csv.columns) <= set(PARTNER_COLUMNS) - {"geometry"}
        assert csv["count"].min() >= MIN_K
    log = access_store_for(open_workspace(location)).audit(user="partner", action="export")
    assert log["what"].tolist()[-2:] == ["nuisance", "hotspots"]


def test_a_higher_k_is_honoured_and_a_lower_refused(location: str) -> None:
    store = access_store_for(open_workspace(location))
    before = store.settings()
    with pytest.raises(ValidationError):
        store.put_settings({"partner.k": "3"})
    assert store.settings() == before
    store.put_settings({"partner.k": "12"})
    try:
        s = session(location, "partner")
        frame = s.nuisance(level="wijk", period="month")
        assert s.policy.k == 12 and (frame["count"] >= 12).all() and len(frame)
    finally:
        store.put_settings({"partner.k": "5"})


def test_every_view_and_export_is_audited(location: str, tmp_path: Path) -> None:
    store = access_store_for(open_workspace(location))
    before = store.audit()
    s = session(location, "chef")
    seen = s.incidents(categories=["vandalisme"])
    s.nuisance()
    write_export(s, "incidents", tmp_path, ExportOptions(categories=("vandalisme",)))
    s.publish_plan("plan", {"wijken": ["x"]}, 3)
    new = store.audit()[len(before) :]
    assert new["action"].tolist() == ["view", "aggregate_view", "export", "plan_publish"]
    assert new["rows"].tolist()[0] == new["rows"].tolist()[2] == len(seen)
    assert '"categories": ["vandalisme"]' in new["filters"].iloc[0]
    assert (new["user"] == "chef").all() and (new["client"] == "test").all()
    assert not new["filters"].str.contains("Kerkstraat|onerror").any()


def test_login_is_audited_and_locks_after_five_failures(location: str) -> None:
    store = access_store_for(open_workspace(location))
    password = next(a.password for a in DEMO_ACCOUNTS if a.name == "admin")
    assert login_user(store, "admin", password).role is Role.ADMIN
    for _ in range(5):
        with pytest.raises(AccessDeniedError, match="wrong user name or password"):
            login_user(store, "admin", "not-the-password")
    with pytest.raises(AccessDeniedError, match="too many"):
        login_user(store, "admin", password)
    with pytest.raises(AccessDeniedError, match="wrong"):
        login_user(store, "nobody", "whatever")
    log = store.audit(action="login_failed")
    assert log["user"].isin(["admin", "?"]).all()


def test_demo_login_only_in_a_synthetic_workspace(gpkg_demo: Path, tmp_path: Path) -> None:
    workspace = open_workspace(gpkg_demo)
    store = access_store_for(workspace)
    assert demo_user_for_env(workspace, store, "chef").role is Role.CHEF
    real = tmp_path / "real.gpkg"
    shutil.copyfile(gpkg_demo, real)
    real_ws = open_workspace(real)
    from gis.io_workspace import _write  # flip the copy to a real (non-synthetic) workspace

    meta = pd.DataFrame({"key": list(workspace.meta()), "value": list(workspace.meta().values())})
    meta.loc[meta["key"] == "synthetic", "value"] = "false"
    with real_ws._transaction() as target:
        _write(meta, target, "meta")
    real_store = access_store_for(real_ws)
    for account in DEMO_ACCOUNTS:
        real_store.put_user(store.user(account.name))
    with pytest.raises(AccessDeniedError, match="demo"):
        demo_user_for_env(real_ws, real_store, "chef")
    add_user(real_ws, "echte.chef", "chef", password="een lang wachtwoord")
    with pytest.raises(AccessDeniedError, match="demo"):
        demo_user_for_env(real_ws, real_store, "echte.chef")


def test_partner_pdf_holds_only_the_suppressed_table(gpkg_demo: Path) -> None:
    import io

    from pypdf import PdfReader

    from wijkradar.partner_report import nuisance_pdf

    s = session(str(gpkg_demo), "partner")
    frame = s.nuisance(level="wijk", period="quarter")
    pdf = nuisance_pdf(
        frame.assign(area_name=frame["area_name"].where(frame.index > 0, "<b>Wijk & co</b>")),
        s.policy,
        title="Overlast per wijk",
        subtitle="PZ HerKo",
        note="Vakken met minder dan 5 incidenten zijn weggelaten.",
        headers={"area": "Gebied", "category": "Categorie", "period": "Per", "count": "Aantal"},
        synthetic_label="SYNTHETISCHE DEMODATA",
    )
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "SYNTHETISCHE DEMODATA" in text and "weggelaten" in text
    assert "<b>Wijk & co</b>" in text, "markup in a name is printed as text"
    assert frame["area"].iloc[-1] in text and frame["category"].iloc[-1] in text
    assert "XSS-1" not in text and "DEMO-" not in text
    with pytest.raises(AccessDeniedError):
        nuisance_pdf(
            frame.assign(count=1),
            s.policy,
            title="",
            subtitle="",
            note="",
            headers={"area": "", "category": "", "period": "", "count": ""},
        )


def test_export_kinds_are_a_registry(gpkg_demo: Path, tmp_path: Path) -> None:
    from wijkradar.exports import EXPORTS, register_export

    @register_export("per_wijk_total")
    def _total(session: AccessSession, options: ExportOptions) -> pd.DataFrame:
        return session.nuisance(level="wijk", period="total", audit=False)

    try:
        s = session(str(gpkg_demo), "partner")
        result = write_export(s, "per_wijk_total", tmp_path)
        assert result.rows > 0 and {p.suffix for p in result.files} == {".gpkg", ".csv"}
        assert s.store.audit(action="export")["what"].iloc[-1] == "per_wijk_total"
        with pytest.raises(WorkspaceError, match="plan"):
            export_frame(session(str(gpkg_demo), "chef"), "plan", ExportOptions())
    finally:
        EXPORTS.pop("per_wijk_total")
