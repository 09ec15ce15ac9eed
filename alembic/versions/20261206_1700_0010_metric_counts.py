"""metric counts

The counts the workers keep for `GET /metrics` (task runs by name, outcome and duration bucket,
notification failures), incremented in place by every process (issue 20, item 4).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06 17:00:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "metric_counts",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("labels", sa.String(length=400), nullable=False),
        sa.Column("bucket", sa.String(length=16), nullable=False),
        sa.Column("count", sa.BigInteger(), nullable=False),
        sa.Column("total", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("name", "labels", "bucket", name=op.f("pk_metric_counts")),
    )


def downgrade() -> None:
    """Revert this revision."""
    op.drop_table("metric_counts")
