"""Importing the reports must not load python-docx: the app imports it at start-up."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_python_docx_is_loaded_only_when_a_report_is_built() -> None:
    code = "import sys, coding.reports; print('docx' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert result.stdout.strip() == "False"
