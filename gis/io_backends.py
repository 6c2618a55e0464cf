"""Open a workspace by path or URL: GeoPackage (the default) or PostGIS, with its access store."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from gis.io_access import SqliteAccessStore, access_store_path
from gis.io_geography import ZoneGeography
from gis.io_workspace import GeoPackageWorkspace
from gis.workspace import AccessStore, Workspace

WORKSPACE_ENV = "WIJKRADAR_WORKSPACE"
"""Environment variable naming the workspace the app opens (path or ``postgresql://`` URL)."""


def is_postgres(location: str | os.PathLike[str]) -> bool:
    """Tell whether ``location`` is a ``postgresql://`` URL rather than a file path."""
    return str(location).startswith(("postgresql://", "postgres://"))


def open_workspace(location: str | os.PathLike[str] | Workspace) -> Workspace:
    """Open the workspace at ``location``: a GeoPackage path or a ``postgresql://`` URL.

    Parameters
    ----------
    location : str, os.PathLike or Workspace
        ``amow.gpkg`` or ``postgresql://host/db?schema=amow``; an open workspace is returned
        as it is.

    Returns
    -------
    Workspace
        :class:`gis.io_workspace.GeoPackageWorkspace` or :class:`gis.io_postgis.PostGISWorkspace`
        (nothing is read yet; a missing workspace raises on first use).
    """
    if isinstance(location, Workspace):
        return location
    if is_postgres(location):
        from gis.io_postgis import PostGISWorkspace

        return PostGISWorkspace(str(location))
    return GeoPackageWorkspace(Path(location))


def create_workspace(
    location: str | os.PathLike[str], zones: Sequence[ZoneGeography], *, synthetic: bool = False
) -> Workspace:
    """Create a workspace for ``zones`` at a path or URL (see :func:`open_workspace`)."""
    if is_postgres(location):
        from gis.io_postgis import PostGISWorkspace

        return PostGISWorkspace.create(str(location), zones, synthetic=synthetic)
    return GeoPackageWorkspace.create(Path(location), zones, synthetic=synthetic)


def workspace_exists(location: str | os.PathLike[str] | Workspace) -> bool:
    """Tell whether a workspace exists at ``location`` (a PostGIS one is asked)."""
    workspace = open_workspace(location)
    if isinstance(workspace, GeoPackageWorkspace):
        return workspace.path.is_file()
    from gis.errors import WorkspaceError

    try:
        workspace.meta()
    except WorkspaceError:
        return False
    return True


def access_store_for(workspace: Workspace) -> AccessStore:
    """Return the users/settings/audit store of ``workspace``.

    GeoPackage: the sibling ``WS.access.sqlite`` (see :mod:`gis.io_access` for why);
    PostGIS: tables in the workspace's own schema.
    """
    if isinstance(workspace, GeoPackageWorkspace):
        return SqliteAccessStore(access_store_path(workspace.path))
    from gis.io_postgis import PostGISWorkspace, PostgresAccessStore

    if isinstance(workspace, PostGISWorkspace):
        return PostgresAccessStore(workspace)
    raise TypeError(f"no access store for {type(workspace).__name__}")


def copy_workspace(
    source: str | os.PathLike[str] | Workspace,
    target: str | os.PathLike[str],
    *,
    users: bool = True,
) -> Workspace:
    """Copy a workspace (areas, incidents, import log, rejects; users without their
    audit) to a new location, e.g. a GeoPackage onto a shared PostGIS server.

    The target's own audit log starts empty: the source's stays where it was written.
    """
    import pandas as pd

    from gis.io_workspace import REJECT_COLUMNS

    origin = open_workspace(source)
    meta = origin.meta()
    zones = [origin.zone_geography(code) for code in meta["zones"].split(",")]
    copy = create_workspace(target, zones, synthetic=meta.get("synthetic") == "true")
    wijken = origin.areas("wijken")
    if sorted(wijken["code"]) != sorted(copy.areas("wijken")["code"]):
        copy.replace_wijken(wijken)
    incidents = origin.incidents()
    log = origin.import_log()
    rejects = origin.rejects()
    for i, row in enumerate(log.to_dict("records") or [None]):
        if row is None:
            break
        these = rejects[rejects["import_id"] == row["import_id"]]
        copy.store_import(
            incidents if i == 0 else incidents.iloc[:0],
            these if len(these) else pd.DataFrame(columns=list(REJECT_COLUMNS)),
            row,
        )
    if not len(log) and len(incidents):
        copy.replace_incidents(incidents)
    if users:
        source_store, target_store = access_store_for(origin), access_store_for(copy)
        for user in source_store.users():
            target_store.put_user(user, source_store.password_hash(user.name))
        target_store.put_settings(source_store.settings())
    return copy
