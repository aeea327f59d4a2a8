#!/usr/bin/env python3
"""BaKTI Desktop: without a command the window opens; with one it runs headless.

    python main.py                      # the window
    python main.py --db my.sqlite demo  # a command, no Qt imported
    python main.py --help
"""

import sys


def main() -> int:
    if len(sys.argv) == 1:  # the window, as fast as possible: no command-line machinery
        from ui.app import run_gui

        return run_gui()
    from bakti_desktop.gcpause import pause_for_start_up, resume_after_start_up

    pause_for_start_up()  # until the command's work begins (its database is open)
    from bakti_desktop.cli import build_parser, run

    args = build_parser().parse_args()
    if args.command is None:
        resume_after_start_up()
        from ui.app import run_gui

        return run_gui(args.db, language=None if "--lang" not in sys.argv[1:] else args.lang)
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
