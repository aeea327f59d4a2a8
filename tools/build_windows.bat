@echo off
rem Build the one-folder program on Windows: dist\BaKTI-Desktop\BaKTI-Desktop.exe
rem Run from the source folder, with Python 3.11 installed (py launcher).
cd /d "%~dp0\.."
py -3.11 -m venv .venv-build || exit /b 1
.venv-build\Scripts\pip install -q -r requirements-build.txt || exit /b 1
.venv-build\Scripts\pyinstaller --noconfirm pyinstaller.spec || exit /b 1
echo Built: dist\BaKTI-Desktop\BaKTI-Desktop.exe
