"""settings and cache

TMDB details cache, quality profiles and service settings (issues 4 and 5).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22 00:00:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "tmdb_cache",
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("value", sa.JSON(), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_tmdb_cache")),
    )
    with op.batch_alter_table("tmdb_cache", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_tmdb_cache_expires_at"), ["expires_at"], unique=False)


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("tmdb_cache", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_tmdb_cache_expires_at"))
    op.drop_table("tmdb_cache")
