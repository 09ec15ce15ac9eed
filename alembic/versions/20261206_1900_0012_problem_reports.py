"""problem reports

What the family reported about a title in Plex, and what a parent did (issue 17 item 7).

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06 19:00:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "problem_reports",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "request_id", sa.Integer(), sa.ForeignKey("media_requests.id", ondelete="SET NULL"), nullable=True
        ),
        sa.Column("media_type", sa.String(length=8), nullable=False),
        sa.Column("tmdb_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column(
            "reported_by", sa.Integer(), sa.ForeignKey("profiles.id", ondelete="SET NULL"), nullable=True
        ),
        sa.Column("reporter", sa.String(length=100), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("handled_by", sa.String(length=100), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_problem_reports_request_id", "problem_reports", ["request_id"])
    op.create_index("ix_problem_reports_state", "problem_reports", ["state", "created_at"])


def downgrade() -> None:
    """Revert this revision."""
    op.drop_index("ix_problem_reports_state", table_name="problem_reports")
    op.drop_index("ix_problem_reports_request_id", table_name="problem_reports")
    op.drop_table("problem_reports")
