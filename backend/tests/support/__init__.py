"""Real components started by the tests: a throwaway qbittorrent-nox and a libtorrent seeder on loopback."""
