"""`plex-kiosk demo`: the whole journey on one machine, so a newcomer sees it work.

Plex, the Torznab indexer and TMDB are the simulators of app/appliance/simulators/; qBittorrent is the real
qbittorrent-nox from PATH; a libtorrent seeder on 127.0.0.1 serves small generated files under realistic
release names. The appliance itself runs exactly as `plex-kiosk up` runs it, on a throwaway data folder.
"""
