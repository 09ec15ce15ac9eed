"""library sync

Plex library sync checkpoints and mirror columns (issue 7).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 00:00:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    with op.batch_alter_table("library_items", schema=None) as batch_op:
        batch_op.add_column(sa.Column("fingerprint", sa.String(length=16), nullable=True))
        batch_op.create_index(batch_op.f("ix_library_items_added_at"), ["added_at"], unique=False)

    with op.batch_alter_table("sync_runs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sync_runs_started_at"), ["started_at"], unique=False)

    op.create_table(
        "library_sections",
        sa.Column("section_key", sa.String(length=32), nullable=False),
        sa.Column("title", sa.String(length=255), nullable=False),
        sa.Column("section_type", sa.String(length=16), nullable=False),
        sa.Column("checkpoint", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_full_sync_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_sync_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("section_key", name=op.f("pk_library_sections")),
    )
    op.create_table(
        "library_tmdb_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("media_type", sa.String(length=8), nullable=False),
        sa.Column("imdb_id", sa.String(length=16), nullable=True),
        sa.Column("tvdb_id", sa.Integer(), nullable=True),
        sa.Column("tmdb_id", sa.Integer(), nullable=True),
        sa.Column("checked_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_library_tmdb_links")),
        sa.UniqueConstraint("imdb_id", "media_type", name=op.f("uq_library_tmdb_links_imdb_id")),
        sa.UniqueConstraint("tvdb_id", "media_type", name=op.f("uq_library_tmdb_links_tvdb_id")),
    )
    with op.batch_alter_table("library_tmdb_links", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_library_tmdb_links_tmdb_id"), ["tmdb_id"], unique=False)


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("library_tmdb_links", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_library_tmdb_links_tmdb_id"))
    op.drop_table("library_tmdb_links")
    op.drop_table("library_sections")

    with op.batch_alter_table("sync_runs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sync_runs_started_at"))

    with op.batch_alter_table("library_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_library_items_added_at"))
        batch_op.drop_column("fingerprint")
