"""The deadlines package stays pure Python: importing it must not import Django."""

from __future__ import annotations

import subprocess
import sys


def test_importing_the_package_does_not_import_django() -> None:
    code = "import sys, huajie.deadlines; sys.exit('django' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], check=False)  # noqa: S603
    assert result.returncode == 0
