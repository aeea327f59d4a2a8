from PySide6.QtCore import Qt, QModelIndex
from bakti_desktop.pksai import demo, service
from ui.pksai.page import PksaiPage

def test_exp(qtbot, db):
    demo.load(db)
    page = PksaiPage(db)
    qtbot.addWidget(page)
    page.show(); page.resize(1300, 700)
    qtbot.waitExposed(page)
    page.forum.setCurrentIndex(page.forum.findText(demo.GOWA))
    e = page.editor
    e.tabs.setCurrentIndex(1)
    log = []
    e.completer.activated[QModelIndex].connect(lambda i: log.append(("acti", i.row(), i.data())))
    e.completer.activated[str].connect(lambda i: log.append(("acts", i)))
    e.person_name.returnPressed.connect(lambda: log.append("ret"))
    e.person_name.setFocus()
    qtbot.keyClicks(e.person_name, "Nurjan")
    popup = e.completer.popup()
    print("popup visible", popup.isVisible(), e.completer.completionCount(), popup.currentIndex().isValid())
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    print("after down", popup.currentIndex().isValid(), popup.currentIndex().data(), e.person_name.text())
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    print(log, e.person_name.text(), e.person_institution.text())
