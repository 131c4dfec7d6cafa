"""privacy: entities (the pseudonym mapping) and findings awaiting review

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 18:00:00

Two new tables only; no existing table is touched.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "privacy_entities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=20), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("pseudonym", sa.Text(), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("decision", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_privacy_entities")),
        sa.UniqueConstraint("key", name=op.f("uq_privacy_entities_key")),
    )
    op.create_table(
        "privacy_findings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("detector", sa.String(length=40), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_privacy_findings_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["entity_id"],
            ["privacy_entities.id"],
            name=op.f("fk_privacy_findings_entity_id_privacy_entities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_privacy_findings")),
        sa.UniqueConstraint(
            "document_id", "start", "end", name=op.f("uq_privacy_findings_document_id_start_end")
        ),
    )
    op.create_index("ix_privacy_findings_entity", "privacy_findings", ["entity_id"])


def downgrade() -> None:
    op.drop_index("ix_privacy_findings_entity", table_name="privacy_findings")
    op.drop_table("privacy_findings")
    op.drop_table("privacy_entities")
