"""Every form renders through one renderer, and with it one template engine for the process."""

from __future__ import annotations

from django import forms

from neue_wege.core.forms import KernForm


class _Search(KernForm):
    name = forms.CharField(label="Name", required=False)


def test_forms_share_one_renderer_and_its_compiled_templates():
    """A renderer per form built a template engine per form: every page with a filter form read
    and parsed the form templates from disk and scanned every app for tag libraries again."""
    first, second = _Search(), _Search(data={"name": "x"})
    assert first.renderer is second.renderer
    first.render(), second.render()
    assert first.renderer.engine is second.renderer.engine
    assert 'class="kern-form-input__input"' in str(_Search())
