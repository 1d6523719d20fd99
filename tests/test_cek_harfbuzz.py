"""The system check that says when WeasyPrint lacks HarfBuzz-Subset (PDFs about 3x slower)."""

import weasyprint.text.ffi as ffi

from laporan.checks import harfbuzz_subset


def test_missing_harfbuzz_subset_is_said_in_bahasa(monkeypatch):
    monkeypatch.setattr(ffi, "harfbuzz_subset", None)
    (pesan,) = harfbuzz_subset()
    assert pesan.id == "laporan.I001" and "libharfbuzz-subset0" in pesan.hint


def test_present_harfbuzz_subset_says_nothing(monkeypatch):
    monkeypatch.setattr(ffi, "harfbuzz_subset", object())
    assert harfbuzz_subset() == []
