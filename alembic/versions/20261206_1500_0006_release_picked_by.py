"""release picked by

A parent's hand-picked release (issue 17: manual search and override).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06 15:00:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    with op.batch_alter_table("releases") as batch:
        batch.add_column(sa.Column("picked_by", sa.String(length=100), nullable=True))


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("releases") as batch:
        batch.drop_column("picked_by")
