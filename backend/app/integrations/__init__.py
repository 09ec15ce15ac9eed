"""One adapter per external system; each exposes plain dataclasses and raises only IntegrationError kinds."""
