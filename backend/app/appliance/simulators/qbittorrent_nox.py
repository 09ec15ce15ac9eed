"""Start and stop a throwaway `qbittorrent-nox` (the demo and the real-component tests use it).

The daemon gets a profile of its own (`--profile=<dir>`) whose qBittorrent.conf is written before it starts:
WebUI on 127.0.0.1 on a free port with a known password (PBKDF2 as qBittorrent 4.2+ stores it), DHT, LSD, PeX
and UPnP off, queueing off, a free listening port. Nothing leaves the loopback interface.

Usage::

    with run_qbittorrent_nox(tmp_path, binary="/usr/bin/qbittorrent-nox") as qbt:
        ...  # qbt.url, qbt.username, qbt.password, qbt.download_dir
"""

from __future__ import annotations

import base64
import hashlib
import re
import secrets
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from app.appliance.simulators.ports import free_port

BINARY_NAME = "qbittorrent-nox"
DEFAULT_USERNAME = "admin"
DEFAULT_PASSWORD = "kiosk-test-password"
# qBittorrent 4.2+ stores PBKDF2-HMAC-SHA512, 100,000 rounds, 16-byte salt, 64-byte key.
_PBKDF2_ROUNDS = 100_000


@dataclass(frozen=True)
class QbittorrentNox:
    """A running qbittorrent-nox: where its WebUI answers and how to log in."""

    url: str
    username: str
    password: str
    version: str
    profile_dir: Path
    download_dir: Path
    listen_port: int
    log_file: Path


def qbittorrent_nox_binary() -> str | None:
    """Return the path of qbittorrent-nox, or None when it is not installed."""
    return shutil.which(BINARY_NAME)


def binary_version(binary: str) -> str:
    """Return the daemon's version, e.g. '4.5.2'."""
    out = subprocess.run(
        [binary, "--version"], capture_output=True, text=True, timeout=30, check=False
    ).stdout
    match = re.search(r"v?(\d+\.\d+(?:\.\d+)?)", out)
    return match.group(1) if match else "0"


def pbkdf2_password(password: str, *, salt: bytes | None = None) -> str:
    """Return the `WebUI\\Password_PBKDF2` value qBittorrent expects for this password."""
    salt = salt or secrets.token_bytes(16)
    key = hashlib.pbkdf2_hmac("sha512", password.encode(), salt, _PBKDF2_ROUNDS, dklen=64)
    return f'"@ByteArray({base64.b64encode(salt).decode()}:{base64.b64encode(key).decode()})"'


def write_config(
    profile_dir: Path, *, webui_port: int, listen_port: int, download_dir: Path, username: str, password: str
) -> Path:
    """Write qBittorrent.conf into a fresh profile and return its path."""
    config_dir = profile_dir / "qBittorrent" / "config"
    config_dir.mkdir(parents=True, exist_ok=True)
    save_path = download_dir.as_posix()
    lines = [
        "[LegalNotice]",
        "Accepted=true",
        "",
        "[BitTorrent]",
        f"Session\\Port={listen_port}",
        f"Session\\DefaultSavePath={save_path}",
        "Session\\TempPathEnabled=false",
        "Session\\DHTEnabled=false",
        "Session\\LSDEnabled=false",
        "Session\\PeXEnabled=false",
        "Session\\QueueingSystemEnabled=false",
        "Session\\AnonymousModeEnabled=false",
        # Listen on loopback only: the tests never need another interface.
        "Session\\Interface=lo",
        "Session\\InterfaceName=lo",
        "Session\\InterfaceAddress=127.0.0.1",
        "",
        "[Network]",
        "PortForwardingEnabled=false",
        "",
        "[Preferences]",
        "General\\Locale=en",
        "Connection\\UPnP=false",
        "Connection\\ResolvePeerCountries=false",
        "Connection\\Interface=lo",
        "Connection\\InterfaceName=lo",
        "Connection\\InterfaceAddress=127.0.0.1",
        f"Connection\\PortRangeMin={listen_port}",
        f"Downloads\\SavePath={save_path}",
        "WebUI\\Enabled=true",
        "WebUI\\Address=127.0.0.1",
        f"WebUI\\Port={webui_port}",
        "WebUI\\UPnP=false",
        "WebUI\\LocalHostAuth=true",
        f"WebUI\\Username={username}",
        f"WebUI\\Password_PBKDF2={pbkdf2_password(password)}",
        "WebUI\\CSRFProtection=false",
        "WebUI\\ClickjackingProtection=false",
        "WebUI\\HostHeaderValidation=false",
        # The wrong-password test must not get the test client banned for the rest of the session.
        "WebUI\\MaxAuthenticationFailCount=1000",
        "",
    ]
    path = config_dir / "qBittorrent.conf"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def _wait_for_webui(url: str, process: subprocess.Popen[bytes], log_file: Path, timeout: float) -> None:
    """Poll the WebUI until it answers any HTTP status; raise with the daemon's log when it never does."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"qbittorrent-nox exited with {process.returncode}: {_tail(log_file)}")
        try:
            httpx.get(f"{url}/api/v2/app/version", timeout=1.0)
            return
        except httpx.TransportError:
            time.sleep(0.1)
    raise RuntimeError(f"qbittorrent-nox WebUI did not answer within {timeout:.0f} s: {_tail(log_file)}")


def _tail(log_file: Path, size: int = 2000) -> str:
    """Return the end of the daemon's output, for a failure message."""
    try:
        return log_file.read_text(errors="replace")[-size:]
    except OSError:
        return "(no log)"


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Ask the daemon to quit, then kill it if it lingers."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=5)


@contextmanager
def run_qbittorrent_nox(
    base_dir: Path,
    *,
    binary: str,
    username: str = DEFAULT_USERNAME,
    password: str = DEFAULT_PASSWORD,
    startup_timeout: float = 30.0,
    webui_port: int | None = None,
) -> Iterator[QbittorrentNox]:
    """Run qbittorrent-nox with a throwaway profile under `base_dir` until the block ends.

    Run again on the same `base_dir` and `webui_port`, it is the same qBittorrent started again: same
    address, and the torrents it had (a test stops it mid-download this way).
    """
    version = binary_version(binary)
    profile_dir = base_dir / "qbt-profile"
    download_dir = base_dir / "qbt-downloads"
    download_dir.mkdir(parents=True, exist_ok=True)
    webui_port, listen_port = webui_port or free_port(), free_port()
    write_config(
        profile_dir,
        webui_port=webui_port,
        listen_port=listen_port,
        download_dir=download_dir,
        username=username,
        password=password,
    )
    args = [binary, f"--profile={profile_dir}", f"--webui-port={webui_port}"]
    if int(version.split(".")[0]) >= 5:
        args.append("--confirm-legal-notice")
    log_file = base_dir / "qbittorrent-nox.log"
    with log_file.open("wb") as log:
        process = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{webui_port}"
    try:
        _wait_for_webui(url, process, log_file, startup_timeout)
        yield QbittorrentNox(
            url=url,
            username=username,
            password=password,
            version=version,
            profile_dir=profile_dir,
            download_dir=download_dir,
            listen_port=listen_port,
            log_file=log_file,
        )
    finally:
        _stop(process)
