"""followed shows

What a show request follows (the seasons asked, or everything including what airs next), whether the daily
monitored-shows pass still follows it, the episodes it has seen in Plex, and the new ones
being fetched (issue 16 item 1).

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-06 23:00:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    with op.batch_alter_table("media_requests", schema=None) as batch_op:
        batch_op.add_column(sa.Column("follow", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("followed", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column("episodes_seen", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("episodes_wanted", sa.JSON(), nullable=True))


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("media_requests", schema=None) as batch_op:
        batch_op.drop_column("episodes_wanted")
        batch_op.drop_column("episodes_seen")
        batch_op.drop_column("followed")
        batch_op.drop_column("follow")
