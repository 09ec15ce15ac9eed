"""pipeline

Request pipeline: downloads, imports, blocklist (issue 6).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22 00:00:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    with op.batch_alter_table("downloads") as batch:
        batch.add_column(sa.Column("season", sa.Integer(), nullable=True))
    with op.batch_alter_table("media_requests") as batch:
        batch.add_column(sa.Column("selection", sa.JSON(), nullable=True))


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("media_requests") as batch:
        batch.drop_column("selection")
    with op.batch_alter_table("downloads") as batch:
        batch.drop_column("season")
