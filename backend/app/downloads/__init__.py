"""Downloads: our torrents in qBittorrent, their progress and bookkeeping."""
