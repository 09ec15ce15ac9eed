"""One module per external service: its stored settings, its Settings API models, stored settings → client.

plex.py, qbittorrent.py, indexers.py (Torznab), tmdb.py and notifications.py each hold, for their service,
the typed settings model read from the database, the API's In/Out models, how a change is merged over
what is stored (secrets stay write-only), the one function that turns stored settings into a ready
client (raising app.settings.errors.NotConfigured when nobody set it up), and what its "Test" button
asks. registry.py lists them (`plex-kiosk doctor` checks them from there); probe.py times and
classifies a Test button's question. See docs/decisions/0007-one-place-per-integration.md.
"""
