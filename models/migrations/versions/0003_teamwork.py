"""teamwork: code GUIDs and versions, coders on undo steps, a change feed

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 12:00:00

Every change is an added column with a server default or a new table or index, so no table is
rebuilt: on SQLite a rebuild drops the old table, and with foreign keys on that would cascade
into codings.
"""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "codes", sa.Column("guid", sa.String(length=36), nullable=False, server_default="")
    )
    op.add_column("codes", sa.Column("version", sa.Integer(), nullable=False, server_default="1"))
    codes = sa.table("codes", sa.column("id", sa.Integer), sa.column("guid", sa.String))
    bind = op.get_bind()
    for (code_id,) in bind.execute(sa.select(codes.c.id)).all():
        bind.execute(sa.update(codes).where(codes.c.id == code_id).values(guid=str(uuid.uuid4())))
    op.create_index("ix_codes_guid", "codes", ["guid"], unique=True)

    op.add_column(
        "undo_steps",
        sa.Column("coder", sa.String(length=200), nullable=False, server_default=""),
    )
    op.create_table(
        "change_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("coder", sa.String(length=200), nullable=False),
        sa.Column("tables", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_change_events")),
    )


def downgrade() -> None:
    # Plain DROP COLUMN (SQLite 3.35+), never a batch rebuild: see the module docstring.
    op.drop_table("change_events")
    op.drop_column("undo_steps", "coder")
    op.drop_index("ix_codes_guid", table_name="codes")
    op.drop_column("codes", "version")
    op.drop_column("codes", "guid")
