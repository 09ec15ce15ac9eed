"""The appliance around the application: `plex-kiosk` CLI, embedded runner, doctor, demo, simulators."""
