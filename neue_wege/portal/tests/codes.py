"""An invitation code as a page shows it, for the portal's tests that read it off a page."""

from __future__ import annotations

import re

# A code standing on its own: not a run of digits inside an id on the page (a UUID such as
# "…-4336-9575-25…" matched, now and then, and failed the test).
SHOWN_CODE = re.compile(
    r"(?<![0-9A-Za-z-])[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{2}(?![0-9A-Za-z-])")
