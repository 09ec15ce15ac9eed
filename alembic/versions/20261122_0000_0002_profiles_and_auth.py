"""profiles and auth

Profiles, sessions, API keys and PIN attempt limits (issue 3).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 00:00:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    with op.batch_alter_table("profiles", schema=None) as batch_op:
        batch_op.add_column(sa.Column("color", sa.String(length=16), nullable=True))
        batch_op.add_column(
            sa.Column(
                "secret_kind",
                sa.Enum("pin", "password", name="secretkind", native_enum=False, length=16),
                nullable=True,
            )
        )
        batch_op.add_column(sa.Column("session_epoch", sa.Integer(), server_default="0", nullable=False))

    op.create_table(
        "api_keys",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key_hash", sa.String(length=64), nullable=False),
        sa.Column("hint", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_keys")),
        sa.UniqueConstraint("key_hash", name=op.f("uq_api_keys_key_hash")),
    )
    op.create_table(
        "pin_failures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("profile_id", sa.Integer(), nullable=False),
        sa.Column("client", sa.String(length=64), nullable=False),
        sa.Column("failed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["profile_id"],
            ["profiles.id"],
            name=op.f("fk_pin_failures_profile_id_profiles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pin_failures")),
    )
    with op.batch_alter_table("pin_failures", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_pin_failures_client"), ["client"], unique=False)
        batch_op.create_index(batch_op.f("ix_pin_failures_failed_at"), ["failed_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_pin_failures_profile_id"), ["profile_id"], unique=False)


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("pin_failures", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pin_failures_profile_id"))
        batch_op.drop_index(batch_op.f("ix_pin_failures_failed_at"))
        batch_op.drop_index(batch_op.f("ix_pin_failures_client"))

    op.drop_table("pin_failures")
    op.drop_table("api_keys")
    with op.batch_alter_table("profiles", schema=None) as batch_op:
        batch_op.drop_column("session_epoch")
        batch_op.drop_column("secret_kind")
        batch_op.drop_column("color")
