"""upgrade from

A film below its quality profile's cutoff is replaced by a better copy later (issue 16 item 5): the
quality of the copy being replaced, while the better one is fetched.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-06 21:00:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    with op.batch_alter_table("media_requests", schema=None) as batch_op:
        batch_op.add_column(sa.Column("upgrade_from", sa.String(length=32), nullable=True))


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("media_requests", schema=None) as batch_op:
        batch_op.drop_column("upgrade_from")
