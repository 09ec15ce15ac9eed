"""job runs

Which task was each periodic job's latest run, and who sent it (issue 17 item 6: the jobs page).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06 16:00:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "job_runs",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("job", sa.String(length=100), nullable=False),
        sa.Column("task_id", sa.String(length=100), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_by", sa.String(length=100), nullable=False),
    )
    op.create_index("ix_job_runs_job_sent", "job_runs", ["job", "sent_at"])


def downgrade() -> None:
    """Revert this revision."""
    op.drop_index("ix_job_runs_job_sent", table_name="job_runs")
    op.drop_table("job_runs")
