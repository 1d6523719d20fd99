"""System check: WeasyPrint subsets the PDF's fonts with HarfBuzz-Subset when the system has it;
without it, with fontTools in Python, a report PDF takes about three times as long (docs/performance.md)."""

from django.core import checks


@checks.register()
def harfbuzz_subset(app_configs=None, **kwargs):
    try:
        from weasyprint.text.ffi import harfbuzz_subset as pustaka
    except Exception:  # noqa: BLE001 - WeasyPrint itself missing: its import fails elsewhere, loudly
        return []
    if pustaka is not None:
        return []
    return [
        checks.Info(
            "WeasyPrint berjalan tanpa HarfBuzz-Subset: PDF laporan sekitar tiga kali lebih lambat.",
            hint="Pasang paket sistem libharfbuzz-subset0 (Debian/Ubuntu), lalu jalankan ulang server dan pekerja.",
            id="laporan.I001",
        )
    ]
