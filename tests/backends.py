"""Storage backends for tests: a fresh workspace on GeoPackage and on PostGIS.

The PostGIS cases need ``WIJKRADAR_TEST_POSTGRES_URL`` (a database with the postgis extension;
``.ci/run`` starts one with ``scripts/test_postgres.sh`` and always sets it). Without it they
are skipped with that reason. Import the fixtures into a test module::

    from backends import backend, fresh_location  # noqa: F401
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

POSTGRES_ENV = "WIJKRADAR_TEST_POSTGRES_URL"
POSTGRES_MISSING = (
    f'PostGIS tests need {POSTGRES_ENV} (run `eval "$(bash scripts/test_postgres.sh)"`; '
    ".ci/run always sets it)"
)
BACKENDS = ("gpkg", "postgis")


def postgres_url() -> str | None:
    """The test database URL, or None when not configured."""
    return os.environ.get(POSTGRES_ENV) or None


def new_location(kind: str, folder: Path) -> str:
    """A location where no workspace exists yet: a .gpkg path or a URL with a fresh schema."""
    if kind == "gpkg":
        return str(folder / f"ws-{uuid.uuid4().hex[:8]}.gpkg")
    url = postgres_url()
    if url is None:
        pytest.skip(POSTGRES_MISSING)
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}schema=t_{uuid.uuid4().hex[:12]}"


def drop_location(location: str) -> None:
    """Remove a PostGIS test schema (a GeoPackage goes with its tmp folder)."""
    if location.startswith("postgresql://"):
        from gis.io_postgis import PostGISWorkspace

        PostGISWorkspace(location).drop()


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """The backend kind of a test: ``gpkg`` or ``postgis`` (skipped without a database)."""
    if request.param == "postgis" and postgres_url() is None:
        pytest.skip(POSTGRES_MISSING)
    return request.param


@pytest.fixture
def fresh_location(backend: str, tmp_path: Path) -> Iterator[str]:
    """A location for a new workspace on ``backend``; a PostGIS schema is dropped after."""
    location = new_location(backend, tmp_path)
    yield location
    drop_location(location)
