"""The catalogue the family browses: TMDB search, annotated with what Plex and the requests already hold."""
