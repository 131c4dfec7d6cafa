"""Alembic environment: runs on the connection that models.db.upgrade hands over."""

from __future__ import annotations

from alembic import context

import models.entities
import models.history
import models.privacy
import models.search_index  # noqa: F401
from models.base import Base

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only for `alembic revision --autogenerate` by hand
    from sqlalchemy import create_engine

    url = context.config.get_main_option("sqlalchemy.url") or "sqlite://"
    connection = create_engine(url).connect()

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
)
with context.begin_transaction():
    context.run_migrations()
