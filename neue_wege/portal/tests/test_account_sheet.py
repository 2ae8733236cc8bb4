"""The invitation sheet's QR code: read back from the page's SVG, it holds the activation link.

No pure-Python QR *decoder* is available, so the test reads the module matrix back out of the
SVG path the page contains and checks it equals a fresh QR encoding of the link we expect (at
any error-correction level): a code for any other text gives another matrix.
"""

from __future__ import annotations

import math
import re

import pytest
import segno
from django.urls import reverse

from neue_wege.portal.tests.codes import SHOWN_CODE

pytestmark = pytest.mark.django_db


def _matrix_from_svg(svg: str) -> list[list[bool]]:
    """Dark modules from segno-style path data ("M2 2.5h7m1 0h1m-15 1h1 ..."), border cut."""
    path = re.search(r'<path[^>]*\sd="([^"]+)"', svg).group(1)
    dark: set[tuple[int, int]] = set()
    x = y = 0.0
    for command, args in re.findall(r"([MmHhVv])([-\d. ]+)", path.replace(",", " ")):
        numbers = [float(n) for n in args.split()]
        if command == "M":
            x, y = numbers
        elif command == "m":
            x, y = x + numbers[0], y + numbers[1]
        elif command == "h":
            for i in range(int(numbers[0])):
                dark.add((int(x) + i, math.floor(y)))
            x += numbers[0]
        else:
            raise AssertionError(f"unexpected path command {command}")
    left = min(c for c, _ in dark)
    top = min(r for _, r in dark)
    size = max(c for c, _ in dark) - left + 1
    return [[(left + c, top + r) in dark for c in range(size)] for r in range(size)]


def _segno_matrix(data: str, error: str) -> list[list[bool]]:
    return [[bool(v) for v in row] for row in segno.make(data, error=error, boost_error=False)
            .matrix]


def test_qr_code_on_the_sheet_holds_the_activation_link_with_the_code(cast, login):
    page = login(cast.fatma).post(
        reverse("portal:invitation-create", args=[cast.nina_enrollment.pk]),
        follow=True).content.decode()
    code = SHOWN_CODE.search(page).group(0)
    svg = re.search(r"<svg[^>]*class=\"nw-qr\".*?</svg>", page, re.S).group(0)
    assert 'role="img"' in svg and "<title>" in svg
    read = _matrix_from_svg(svg)
    expected = f"http://testserver/portal/willkommen/?code={code}"
    assert any(read == _segno_matrix(expected, error) for error in "lmqh")
    changed = code[:-1] + ("Y" if code.endswith("X") else "X")
    other = _segno_matrix(f"http://testserver/portal/willkommen/?code={changed}", "m")
    assert read != other


def test_scanning_the_qr_link_prefills_the_code(client):
    response = client.get("/portal/willkommen/?code=K7QX-M4PZ-2H")
    assert 'value="K7QX-M4PZ-2H"' in response.content.decode()
