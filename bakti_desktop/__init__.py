"""BaKTI Desktop core: storage, reference data, workspaces, reports.

Nothing in this package imports Qt; the GUI in ``ui/`` and the CLI in
``bakti_desktop.cli`` are both thin layers over the services defined here.
"""

__version__ = "0.1.0"
APP_NAME = "BaKTI Desktop"
APP_ID = "bakti-desktop"
ORG_NAME = "BaKTI"
