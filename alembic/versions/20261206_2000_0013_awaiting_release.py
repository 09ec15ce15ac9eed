"""awaiting release

A film not out yet waits in AWAITING_RELEASE with its home release date (issue 16 item 3): the date column,
and the new state among the active ones of the one-active-request-per-media index.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06 20:00:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_BEFORE = ("AWAITING_APPROVAL", "DOWNLOADING", "IMPORTING", "NOT_FOUND", "PENDING", "SEARCHING")
_AFTER = tuple(sorted((*_BEFORE, "AWAITING_RELEASE")))


def _active(statuses: tuple[str, ...]) -> sa.TextClause:
    return sa.text("status IN ({})".format(", ".join(f"'{status}'" for status in statuses)))


def _active_index(statuses: tuple[str, ...]) -> None:
    with op.batch_alter_table("media_requests", schema=None) as batch_op:
        batch_op.drop_index("uq_media_requests_active_media")
        batch_op.create_index(
            "uq_media_requests_active_media",
            ["media_key"],
            unique=True,
            postgresql_where=_active(statuses),
            sqlite_where=_active(statuses),
        )


def upgrade() -> None:
    """Apply this revision."""
    with op.batch_alter_table("media_requests", schema=None) as batch_op:
        batch_op.add_column(sa.Column("release_date", sa.Date(), nullable=True))
    _active_index(_AFTER)


def downgrade() -> None:
    """Revert this revision."""
    _active_index(_BEFORE)
    with op.batch_alter_table("media_requests", schema=None) as batch_op:
        batch_op.drop_column("release_date")
