"""quality choice

A request's own quality profile (4K on request, issue 16 item 5), and the profiles allowed to choose one.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-06 22:00:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    with op.batch_alter_table("media_requests", schema=None) as batch_op:
        batch_op.add_column(sa.Column("quality_profile", sa.String(length=64), nullable=True))
    with op.batch_alter_table("profiles", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("may_choose_quality", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("profiles", schema=None) as batch_op:
        batch_op.drop_column("may_choose_quality")
    with op.batch_alter_table("media_requests", schema=None) as batch_op:
        batch_op.drop_column("quality_profile")
