"""notification records

What each request's notifications reached (so a retried task never sends twice) and the approve/deny
links already used (each works once). Issue 17.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06 15:10:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "notification_records",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("delivered_to", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("done_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["media_requests.id"],
            name=op.f("fk_notification_records_request_id_media_requests"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notification_records")),
        sa.UniqueConstraint("request_id", "kind", "key", name=op.f("uq_notification_records_request_id")),
    )
    with op.batch_alter_table("notification_records", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_notification_records_request_id"), ["request_id"], unique=False)
    op.create_table(
        "spent_approval_links",
        sa.Column("nonce", sa.String(length=32), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["media_requests.id"],
            name=op.f("fk_spent_approval_links_request_id_media_requests"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("nonce", name=op.f("pk_spent_approval_links")),
    )
    with op.batch_alter_table("spent_approval_links", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_spent_approval_links_request_id"), ["request_id"], unique=False)


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("spent_approval_links", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_spent_approval_links_request_id"))
    op.drop_table("spent_approval_links")
    with op.batch_alter_table("notification_records", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_notification_records_request_id"))
    op.drop_table("notification_records")
