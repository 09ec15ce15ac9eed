"""notification claims

A notification run takes its record for a while instead of holding a row lock over the network
(issue 17): on SQLite a transaction left open while apprise delivers would hold the appliance's one
write lock.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06 18:00:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    with op.batch_alter_table("notification_records") as batch:
        batch.add_column(sa.Column("claimed_until", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("notification_records") as batch:
        batch.drop_column("claimed_until")
