"""step leases

The lease of each running request step, renewed by its worker's heartbeat (issue 21, decision 0008).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06 15:30:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "step_leases",
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("task_id", sa.String(length=100), nullable=False),
        sa.Column("task_name", sa.String(length=200), nullable=False),
        sa.Column("worker", sa.String(length=200), nullable=False),
        sa.Column("worker_id", sa.String(length=64), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("folders", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["media_requests.id"],
            name=op.f("fk_step_leases_request_id_media_requests"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("request_id", name=op.f("pk_step_leases")),
    )
    op.create_index(op.f("ix_step_leases_worker_id"), "step_leases", ["worker_id"])
    op.create_index(op.f("ix_step_leases_expires_at"), "step_leases", ["expires_at"])


def downgrade() -> None:
    """Revert this revision."""
    op.drop_index(op.f("ix_step_leases_expires_at"), table_name="step_leases")
    op.drop_index(op.f("ix_step_leases_worker_id"), table_name="step_leases")
    op.drop_table("step_leases")
