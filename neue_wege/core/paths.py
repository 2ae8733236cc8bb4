"""Where the project finds the shared data folder (`../shared` beside the clone by default)."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[2]
SHARED_DIR = Path(os.environ.get("NW_SHARED_DIR", PROJECT_DIR.parent / "shared"))
SHARED_DATA = SHARED_DIR / "data"
