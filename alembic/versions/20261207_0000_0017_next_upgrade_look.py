"""next upgrade look

When the daily better-copies pass looks at a request again (issue 16 item 5): films and now shows. Its own
column, since a show's next_search_at belongs to the monitored-shows pass.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-07 00:00:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    with op.batch_alter_table("media_requests", schema=None) as batch_op:
        batch_op.add_column(sa.Column("next_upgrade_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("media_requests", schema=None) as batch_op:
        batch_op.drop_column("next_upgrade_at")
