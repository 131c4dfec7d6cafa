"""lemma index for search

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# Whoever changes a text or a language (a service, undo, a script), its index goes stale.
# Postings are deleted here too: a connection without foreign keys on would not cascade.
TRIGGER = """
CREATE TRIGGER search_index_stale AFTER UPDATE OF text, language ON documents
WHEN OLD.text IS NOT NEW.text OR OLD.language IS NOT NEW.language
BEGIN
    DELETE FROM search_postings WHERE document_id = NEW.id;
    DELETE FROM search_documents WHERE document_id = NEW.id;
END
"""
# The same trigger on a shared project (PostgreSQL runs a trigger through a function).
PG_FUNCTION = """
CREATE FUNCTION search_index_stale() RETURNS trigger AS $$
BEGIN
    DELETE FROM search_documents WHERE document_id = NEW.id;
    RETURN NEW;
END
$$ LANGUAGE plpgsql
"""
PG_TRIGGER = """
CREATE TRIGGER search_index_stale AFTER UPDATE OF text, language ON documents
FOR EACH ROW
WHEN (OLD.text IS DISTINCT FROM NEW.text OR OLD.language IS DISTINCT FROM NEW.language)
EXECUTE FUNCTION search_index_stale()
"""


def _postgresql() -> bool:
    return bool(op.get_bind().dialect.name == "postgresql")


def upgrade() -> None:
    op.create_table(
        "search_documents",
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("analyser", sa.String(length=20), nullable=False),
        sa.Column("language", sa.String(length=20), nullable=False),
        sa.Column("text_length", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=True),
        sa.Column("words", sa.Integer(), nullable=False),
        sa.Column("sentences", sa.LargeBinary(), nullable=False),
        sa.Column("indexed_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_search_documents_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("document_id", name=op.f("pk_search_documents")),
    )
    op.create_table(
        "search_postings",
        sa.Column("lemma", sa.Text(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("occurrences", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["search_documents.document_id"],
            name=op.f("fk_search_postings_document_id_search_documents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("lemma", "document_id", name=op.f("pk_search_postings")),
        sqlite_with_rowid=False,
    )
    op.create_index(
        "ix_search_postings_document_id", "search_postings", ["document_id"], unique=False
    )
    if _postgresql():
        op.execute(PG_FUNCTION)
        op.execute(PG_TRIGGER)
    else:
        op.execute(TRIGGER)


def downgrade() -> None:
    if _postgresql():
        op.execute("DROP TRIGGER IF EXISTS search_index_stale ON documents")
        op.execute("DROP FUNCTION IF EXISTS search_index_stale()")
    else:
        op.execute("DROP TRIGGER IF EXISTS search_index_stale")
    op.drop_index("ix_search_postings_document_id", table_name="search_postings")
    op.drop_table("search_postings")
    op.drop_table("search_documents")
