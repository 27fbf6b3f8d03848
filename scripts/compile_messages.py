"""Compile locale/*.po into .mo with polib, so a fresh machine needs no gettext binaries."""

import sys
from pathlib import Path

import polib

if __name__ == "__main__":
    root = Path(__file__).resolve().parent.parent
    for po in root.glob("locale/*/LC_MESSAGES/*.po"):
        polib.pofile(str(po)).save_as_mofile(str(po.with_suffix(".mo")))
        print(f"compiled {po.relative_to(root)}", file=sys.stderr)
