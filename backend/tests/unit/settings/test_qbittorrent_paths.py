"""qBittorrent's path mappings: its name for a folder and ours, both ways; a form that leaves them out keeps
them."""

from __future__ import annotations

from app.settings.integrations.qbittorrent import (
    QbittorrentSettings,
    QbittorrentSettingsIn,
    merged_qbittorrent,
)

NAS = {
    "url": "http://nas:8090",
    "password": "pw",
    "path_mappings": [["/share/Download", "/data/downloads"], ["D:\\Torrents", "/mnt/windows"]],
}


def test_a_path_qbittorrent_reports_is_read_where_we_see_it() -> None:
    settings = QbittorrentSettings.from_stored(NAS)
    assert settings.local_path("/share/Download/Inception.2010") == "/data/downloads/Inception.2010"
    assert settings.local_path("d:\\torrents\\Dune") == "/mnt/windows/Dune"  # Windows: case-insensitive
    assert settings.local_path("/elsewhere/x") == "/elsewhere/x"  # no mapping holds it: unchanged


def test_our_download_folder_is_given_to_qbittorrent_in_its_own_words() -> None:
    settings = QbittorrentSettings.from_stored(NAS)
    assert settings.qbittorrent_path("/data/downloads") == "/share/Download"
    assert settings.qbittorrent_path("/mnt/windows/Films") == "D:\\Torrents\\Films"
    assert QbittorrentSettings.from_stored({"url": "http://q"}).qbittorrent_path("/data/x") == "/data/x"


def test_the_mappings_are_shown_and_a_form_without_them_keeps_them() -> None:
    shown = QbittorrentSettings.from_stored(NAS).out().model_dump()["path_mappings"]
    assert shown[0] == {"qbittorrent_path": "/share/Download", "local_path": "/data/downloads"}
    kept = merged_qbittorrent(QbittorrentSettingsIn(url="http://nas:8090"), NAS)
    assert kept["path_mappings"] == NAS["path_mappings"] and kept["password"] == "pw"
    cleared = merged_qbittorrent(QbittorrentSettingsIn(url="http://nas:8090", path_mappings=[]), NAS)
    assert cleared["path_mappings"] == []
