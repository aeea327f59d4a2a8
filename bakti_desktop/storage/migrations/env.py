"""Alembic environment: runs on the connection handed over by the program.

For development, ``alembic -c tools/alembic.ini revision --autogenerate``
compares the models with a database given by ``BAKTI_ALEMBIC_URL``.
"""

import os

from alembic import context
from sqlalchemy import create_engine

import bakti_desktop.models  # noqa: F401 - registers the tables
from bakti_desktop.storage.base import Base

target_metadata = Base.metadata


def run_on(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = context.config.attributes.get("connection")
if connection is not None:
    run_on(connection)
else:
    engine = create_engine(os.environ["BAKTI_ALEMBIC_URL"])
    with engine.begin() as conn:
        run_on(conn)
