"""Named leases in the database: exactly one Beat, and periodic jobs that never overlap."""
