"""The PySide6 interface. Thin views over the services of ``bakti_desktop``."""
