from django.apps import AppConfig


class LaporanConfig(AppConfig):
    verbose_name = "Laporan"
    default_auto_field = "django.db.models.BigAutoField"
    name = "laporan"

    def ready(self):
        from sakip.perubahan import daftarkan as daftarkan_perubahan
        from sakip.tugas import JenisTugas, daftarkan

        from . import checks  # noqa: F401 (registers the system check)
        from .cetak import buat_pdf
        from .models import BerkasPDF

        # The report PDFs are one kind of background job (sakip.tugas, `manage.py pekerja`).
        daftarkan(
            JenisTugas(
                nama="laporan_pdf",
                model=BerkasPDF,
                tugas=buat_pdf,
                uraian=lambda t: f"PDF #{t.pk} {t.laporan.opd.kode} {t.laporan.periode} {t.laporan.tahun}",
            )
        )

        # Data a report shows changed: its PDF is prepared in the background (laporan.siaga).
        from sakip.tugas import daftarkan_pemulih

        from .siaga import data_berubah, pulihkan_jadwal

        daftarkan_perubahan("laporan_pdf_siaga", data_berubah)
        daftarkan_pemulih("laporan_pdf_siaga", pulihkan_jadwal)

        # The Pemda dashboards measured ahead by the task worker (laporan.dasbor).
        from sakip.tugas import daftarkan_berkala

        from .dasbor import hangatkan_dasbor

        daftarkan_berkala("dasbor_pemda", hangatkan_dasbor)
