"""core.pdf: the one PDF writer builds only from the HTML, never from the network or files."""

import pytest

from neue_wege.core.pdf import html_to_pdf, refuse_remote_fetch
from neue_wege.testing.assertions import pdf_text


@pytest.mark.parametrize("url", ["https://example.org/tracker.png",
                                 "http://127.0.0.1:8000/static/x.css", "file:///etc/passwd"])
def test_remote_and_file_urls_are_refused(url):
    with pytest.raises(ValueError, match="Kein Abruf"):
        refuse_remote_fetch()(url)


def test_html_with_remote_image_renders_without_fetching(monkeypatch):
    from weasyprint.urls import URLFetcher

    def network(*args, **kwargs):  # the parent fetcher would open the URL
        raise AssertionError("fetched")

    monkeypatch.setattr(URLFetcher, "fetch", network)
    pdf = html_to_pdf('<p>Hallo</p><img src="https://example.org/x.png" alt="">'
                      '<link rel="stylesheet" href="file:///etc/passwd">')
    assert pdf.startswith(b"%PDF")
    assert "Hallo" in pdf_text(pdf)


def test_inline_data_url_loads():
    dot = ("data:image/svg+xml;utf8,<svg xmlns='http://www.w3.org/2000/svg' width='1' "
           "height='1'></svg>")
    assert refuse_remote_fetch()(dot).content_type == "image/svg+xml"
