"""Storage: SQLAlchemy models' base, opening databases, migrations, backups."""

from bakti_desktop.storage.base import Base, Record
from bakti_desktop.storage.database import Database, open_database

__all__ = ["Base", "Record", "Database", "open_database"]
