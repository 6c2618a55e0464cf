"""Import page: upload a police export (CSV/XLSX), see what was stored and what was rejected."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

import pandas as pd
import streamlit as st

from gis.errors import WijkradarError
from gis.importing import reject_report
from gis.io_tables import TABLE_SUFFIXES
from gis.io_workspace import GeoPackageWorkspace
from gis.parsing import BELGIAN_CRS_BOUNDS
from gis.schema import SOURCES
from wijkradar import services
from wijkradar.auth_ui import page_roles, require_roles, require_user
from wijkradar.exports import people_table
from wijkradar.ui import belgian_dataframe, current_language, language_selector, t

MAX_UPLOAD_MB = 200
DEFAULT_WORKSPACE = Path(__file__).resolve().parents[1] / "data" / "workspaces" / "demo.gpkg"


def safe_name(name: str) -> str:
    """Keep only letters, digits, dot, dash and underscore of an uploaded file's name."""
    stem = re.sub(r"[^A-Za-z0-9._-]+", "_", Path(name).name).strip("._") or "upload"
    return stem[:80]


def main() -> None:
    st.set_page_config(page_title=t("table.tab.import"), page_icon="📥", layout="wide")
    language_selector()
    st.title(t("import.title"))
    path = os.environ.get("WIJKRADAR_WORKSPACE", str(DEFAULT_WORKSPACE))
    if not Path(path).is_file():
        st.error(t("ui.no_workspace", path=path))
        st.stop()
    require_roles(require_user(path), page_roles("pages/1_Importeren.py"))  # data managers
    st.caption(t("import.help"))
    upload = st.file_uploader(
        t("import.file"), type=[s.lstrip(".") for s in TABLE_SUFFIXES], key="upload"
    )
    detect = t("import.crs_detect")  # words looked up now: a format_func may run later
    crs = st.selectbox(
        t("import.crs"), ["", *BELGIAN_CRS_BOUNDS], format_func=lambda c: c or detect
    )
    sources = {s: t(f"table.source.{s}") for s in SOURCES}
    source = st.selectbox(t("import.source"), list(sources), format_func=sources.__getitem__)
    if upload is None:
        st.info(t("import.empty"))
        return
    if upload.size > MAX_UPLOAD_MB * 1024 * 1024:
        st.error(t("import.too_large", mb=MAX_UPLOAD_MB))
        return
    if not st.button(t("import.run"), type="primary"):
        return
    bar = st.progress(0.0, text=t("import.progress_read"))
    steps = {"read": "import.progress_read", "validate": "import.progress_validate",
             "store": "import.progress_store", "done": "import.progress_done"}  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / safe_name(upload.name)
        target.write_bytes(upload.getvalue())
        try:
            outcome = services.import_file(
                target,
                GeoPackageWorkspace(path),
                crs=crs or None,
                default_source=source,
                lang=current_language(),
                progress=lambda step, done: bar.progress(
                    done, text=t(steps.get(step, "import.progress_validate"))
                ),
            )
        except WijkradarError as error:
            bar.empty()
            st.error(t("import.failed", error=str(error)))
            return
    st.cache_data.clear()  # the map must show the new incidents
    st.success(outcome.summary(current_language()))
    for warning in outcome.result.warnings:
        st.warning(warning)
    rejects = outcome.result.rejects
    if len(rejects):
        st.subheader(t("import.rejects"))
        report = reject_report(rejects, lang=current_language())
        belgian_dataframe(report, hide_index=True, width="stretch")
        st.download_button(
            t("import.download_rejects"),
            outcome.reject_report.read_bytes() if outcome.reject_report else b"",
            file_name=outcome.reject_report.name if outcome.reject_report else "rejects.csv",
            mime="text/csv",
        )
    log = GeoPackageWorkspace(path).import_log()
    st.subheader(t("import.log"))
    belgian_dataframe(
        people_table(pd.DataFrame(log), current_language()), hide_index=True, width="stretch"
    )


main()
