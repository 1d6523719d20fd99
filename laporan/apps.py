from django.apps import AppConfig


class LaporanConfig(AppConfig):
    verbose_name = "Laporan"
    default_auto_field = "django.db.models.BigAutoField"
    name = "laporan"

    def ready(self):
        from sakip.tugas import JenisTugas, daftarkan

        from .cetak import ambil_tugas, jalankan_tugas, jalankan_tugas_terpisah

        # The report PDFs are one kind of the worker's jobs (sakip.tugas, `manage.py pekerja`).
        daftarkan(
            JenisTugas(
                nama="laporan_pdf",
                ambil=ambil_tugas,
                jalankan=jalankan_tugas,
                jalankan_terpisah=jalankan_tugas_terpisah,
                uraian=lambda t: f"PDF #{t.pk} {t.laporan.opd.kode} {t.laporan.periode} {t.laporan.tahun}",
            )
        )
