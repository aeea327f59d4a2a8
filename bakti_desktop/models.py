"""Imports every model so that ``Base.metadata`` knows all tables."""

from bakti_desktop.mapping.models import School, Survey
from bakti_desktop.storage.settings import AppSetting

__all__ = ["AppSetting", "School", "Survey"]
