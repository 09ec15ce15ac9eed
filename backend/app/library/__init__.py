"""The mirror of the Plex library and the runs that keep it current."""
