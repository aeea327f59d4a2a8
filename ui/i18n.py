"""Loading the interface language: Indonesian by default, English on request."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QSettings, QTranslator

from bakti_desktop import i18n as core_i18n
from bakti_desktop.paths import resources_dir

LANGUAGE_KEY = "ui/language"
_installed: list[QTranslator] = []


def configured_language() -> str:
    value = QSettings().value(LANGUAGE_KEY, "id")
    return value if value in core_i18n.LANGUAGES else "id"


def install(language: str) -> bool:
    """Load the translations for ``language`` into the running application.

    Returns False if an Indonesian catalogue is missing (the English source
    strings then show).
    """
    app = QCoreApplication.instance()
    if app is None:  # no application yet: nothing to translate
        core_i18n.set_language(language)
        return True
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    core_i18n.set_language(language)
    if language == "en":
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
        return True
    indonesian = QLocale(QLocale.Language.Indonesian, QLocale.Country.Indonesia)
    QLocale.setDefault(indonesian)
    # Qt's own catalogue first, where the Qt build ships one (PySide6 6.11 has no qtbase_id.qm): the
    # translator installed last is asked first, so our qt_id.qm (file dialog, buttons, text menus, in the
    # program's words) wins where both have a string and Qt's fills in what ours lacks.
    qt_own = QTranslator(app)
    if qt_own.load(indonesian, "qtbase", "_", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt_own)
        _installed.append(qt_own)
    folder = resources_dir() / "translations"
    ok = True
    for name in ("bakti_id", "qt_id"):
        translator = QTranslator(app)
        if translator.load(str(folder / f"{name}.qm")):
            app.installTranslator(translator)
            _installed.append(translator)
        else:
            ok = False
    return ok
