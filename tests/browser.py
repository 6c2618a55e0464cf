"""Real-browser test harness: a Streamlit script as a subprocess, driven by headless Chromium.

Start a script with :func:`streamlit_app` (a free loopback port, waits for
``/_stcore/health``), open it with :func:`launch_chromium` and a :class:`RequestLog`
attached to the browser context, which records every request of the page and its iframes
and aborts any that would leave the machine, then check with :func:`assert_only_loopback`.
Tests using it are marked ``@pytest.mark.browser`` and skip when :data:`CHROMIUM` is missing
(:data:`CHROMIUM_MISSING`).
"""

from __future__ import annotations

import ipaddress
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Final
from urllib.parse import urlsplit

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import (
        Browser,
        BrowserContext,
        Frame,
        Page,
        Playwright,
        Route,
        WebSocket,
    )
    from playwright.sync_api import Request as PwRequest
    from playwright.sync_api import Response as PwResponse

REPO_ROOT: Final[Path] = Path(__file__).resolve().parents[1]
OUTPUT_DIR: Final[Path] = REPO_ROOT / "test-output"
CHROMIUM: Final[Path] = Path("/usr/bin/chromium")
CHROMIUM_MISSING: Final[str] = f"real-browser test needs Debian's chromium at {CHROMIUM}"
CHROMIUM_ARGS: Final[tuple[str, ...]] = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
_LOCAL_SCHEMES: Final[frozenset[str]] = frozenset({"data", "blob", "about", "javascript"})


@dataclass(frozen=True)
class StreamlitApp:
    """A Streamlit script running as a subprocess on a loopback port."""

    process: subprocess.Popen[bytes]
    port: int
    base_url_path: str
    log_path: Path

    @property
    def url(self) -> str:
        """Root URL of the app, ending in ``/`` (includes ``server.baseUrlPath``)."""
        base = self.base_url_path.strip("/")
        return f"http://127.0.0.1:{self.port}/" + (f"{base}/" if base else "")

    def log_tail(self, n_chars: int = 4000) -> str:
        """Last ``n_chars`` characters of the server's combined stdout/stderr."""
        try:
            return self.log_path.read_text(errors="replace")[-n_chars:]
        except OSError:
            return ""


def free_port() -> int:
    """Return a TCP port that is free on 127.0.0.1 right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_streamlit(
    script: Path,
    *,
    env: Mapping[str, str] | None = None,
    base_url_path: str = "",
    cwd: Path = REPO_ROOT,
    timeout: float = 60.0,
    log_path: Path | None = None,
) -> StreamlitApp:
    """Run ``streamlit run script`` on a free loopback port and wait until it is healthy.

    Parameters
    ----------
    script : Path
        The Streamlit script.
    env : mapping of str to str, optional
        Extra environment variables for the server (on top of this process's environment;
        the repository root is prepended to ``PYTHONPATH``).
    base_url_path : str, default ""
        ``server.baseUrlPath``, to serve the app under a path prefix.
    cwd : Path, default the repository root
        Working directory (Streamlit reads ``.streamlit/config.toml`` from there).
    timeout : float, default 60
        Seconds to wait for ``/_stcore/health``.
    log_path : Path, optional
        File for the server's stdout/stderr; defaults to
        ``test-output/streamlit-<script>-<port>.log`` (removed by :func:`streamlit_app` when
        its block ends without error).

    Returns
    -------
    StreamlitApp
        The running server; stop it with :func:`stop_streamlit`.

    Raises
    ------
    RuntimeError
        If the server exits or is not healthy within ``timeout`` (it is stopped first).
    """
    port = free_port()
    if log_path is None:
        OUTPUT_DIR.mkdir(parents=True, exist_ok=True)
        log_path = OUTPUT_DIR / f"streamlit-{script.stem}-{port}.log"
    full_env = dict(os.environ)
    full_env["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(REPO_ROOT), full_env.get("PYTHONPATH", "")) if p
    )
    full_env["STREAMLIT_BROWSER_GATHER_USAGE_STATS"] = "false"
    full_env.update(env or {})
    cmd = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(script),
        "--server.address=127.0.0.1",
        f"--server.port={port}",
        "--server.headless=true",
        "--server.fileWatcherType=none",
        "--server.runOnSave=false",
        "--browser.gatherUsageStats=false",
        "--global.developmentMode=false",
    ]
    if base_url_path:
        cmd.append(f"--server.baseUrlPath={base_url_path}")
    with log_path.open("wb") as log:
        process = subprocess.Popen(cmd, cwd=cwd, env=full_env, stdout=log, stderr=subprocess.STDOUT)
    app = StreamlitApp(process=process, port=port, base_url_path=base_url_path, log_path=log_path)
    try:
        wait_until_healthy(app, timeout=timeout)
    except BaseException:
        stop_streamlit(app)
        raise
    return app


def wait_until_healthy(app: StreamlitApp, *, timeout: float = 60.0) -> None:
    """Poll ``<app>/_stcore/health`` until it answers ``ok``.

    Parameters
    ----------
    app : StreamlitApp
        The server to wait for.
    timeout : float, default 60
        Seconds before giving up.

    Raises
    ------
    RuntimeError
        If the process exits, or no healthy answer came within ``timeout``.
    """
    health = app.url + "_stcore/health"
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback, no proxy
    deadline = time.monotonic() + timeout
    while True:
        if app.process.poll() is not None:
            raise RuntimeError(
                f"streamlit exited with code {app.process.returncode} before it was healthy:\n"
                f"{app.log_tail()}"
            )
        try:
            with opener.open(health, timeout=2) as resp:
                if resp.status == 200 and resp.read().strip() == b"ok":
                    return
        except (urllib.error.URLError, OSError):
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(
                f"streamlit not healthy at {health} after {timeout} s:\n{app.log_tail()}"
            )
        time.sleep(0.2)


def stop_streamlit(app: StreamlitApp, *, timeout: float = 10.0) -> None:
    """Stop the server process (SIGTERM, then SIGKILL after ``timeout`` seconds)."""
    if app.process.poll() is not None:
        return
    app.process.terminate()
    try:
        app.process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        app.process.kill()
        app.process.wait(timeout=timeout)


@contextmanager
def streamlit_app(
    script: Path,
    *,
    env: Mapping[str, str] | None = None,
    base_url_path: str = "",
    timeout: float = 60.0,
) -> Iterator[StreamlitApp]:
    """Context manager around :func:`start_streamlit` / :func:`stop_streamlit`.

    The server log is kept in ``test-output/`` only when the block raised.
    """
    app = start_streamlit(script, env=env, base_url_path=base_url_path, timeout=timeout)
    try:
        yield app
    finally:
        stop_streamlit(app)
    app.log_path.unlink(missing_ok=True)


def launch_chromium(playwright: Playwright) -> Browser:
    """Launch Debian's headless Chromium (:data:`CHROMIUM`) with :data:`CHROMIUM_ARGS`."""
    return playwright.chromium.launch(
        executable_path=str(CHROMIUM), headless=True, args=list(CHROMIUM_ARGS)
    )


def is_loopback_url(url: str) -> bool:
    """Whether loading ``url`` stays on this machine.

    ``data:``, ``blob:``, ``about:`` and ``javascript:`` URLs need no network and count as
    local; http(s)/ws(s) URLs count when their host is ``localhost`` or a loopback address
    (127.0.0.0/8, ::1). Anything else does not.
    """
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme in _LOCAL_SCHEMES:
        return True
    if scheme not in {"http", "https", "ws", "wss"}:
        return False
    host = (parts.hostname or "").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def assert_only_loopback(urls: Sequence[str]) -> None:
    """Fail, listing them, if any of ``urls`` would leave the machine.

    Raises
    ------
    AssertionError
        If a URL is not loopback (see :func:`is_loopback_url`), or ``urls`` is empty (a log
        that recorded nothing proves nothing).
    """
    assert urls, "no request was recorded: the request log was not attached"
    outside = sorted({u for u in urls if not is_loopback_url(u)})
    assert not outside, f"{len(outside)} request(s) left loopback:\n" + "\n".join(outside)


@dataclass
class RequestLog:
    """Every request (and websocket) of a browser context's pages and iframes.

    :meth:`attach` also routes the context so that non-loopback requests are aborted after
    being recorded: the test never sends traffic off the machine, and fails on them instead.
    """

    urls: list[str] = field(default_factory=list)
    responses: dict[str, tuple[int, str]] = field(default_factory=dict)
    failed: list[tuple[str, str]] = field(default_factory=list)

    def attach(self, context: BrowserContext) -> RequestLog:
        """Start recording on ``context`` (before any page is opened); returns ``self``."""
        context.on("request", self._on_request)
        context.on("response", self._on_response)
        context.on("requestfailed", self._on_failed)
        context.on("page", self._on_page)
        context.route("**/*", self._route)
        return self

    def non_loopback(self) -> list[str]:
        """Recorded URLs that are not loopback."""
        return [u for u in self.urls if not is_loopback_url(u)]

    def _on_request(self, request: PwRequest) -> None:
        self.urls.append(request.url)

    def _on_response(self, response: PwResponse) -> None:
        self.responses[response.url] = (
            response.status,
            response.headers.get("content-type", ""),
        )

    def _on_failed(self, request: PwRequest) -> None:
        self.failed.append((request.url, request.failure or ""))

    def _on_page(self, page: Page) -> None:
        page.on("websocket", self._on_websocket)

    def _on_websocket(self, ws: WebSocket) -> None:
        self.urls.append(ws.url)

    @staticmethod
    def _route(route: Route) -> None:
        if is_loopback_url(route.request.url):
            route.continue_()
        else:
            route.abort("blockedbyclient")


def component_frame(page: Page, component: str, *, timeout: float = 30.0) -> Frame:
    """Wait for the iframe of a Streamlit custom component and return its frame.

    Parameters
    ----------
    page : playwright Page
        The app page.
    component : str
        Registered component name, e.g. ``"streamlit_folium.st_folium"``; matched against
        the iframe URL (``.../component/<name>/index.html``).
    timeout : float, default 30
        Seconds to wait.

    Raises
    ------
    AssertionError
        If no such iframe appeared in time.
    """
    needle = f"/component/{component}/"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for frame in page.frames:
            if needle in frame.url:
                return frame
        page.wait_for_timeout(100)
    raise AssertionError(
        f"no iframe of component {component!r}; frames: {[f.url for f in page.frames]}"
    )


needs_chromium = pytest.mark.skipif(not CHROMIUM.exists(), reason=CHROMIUM_MISSING)
"""Skip a browser test where Debian's chromium is not installed."""


@pytest.fixture(scope="module")
def chromium() -> Iterator[Browser]:
    """A headless Chromium for the tests of one module (import it into the test module)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        yield browser
        browser.close()
