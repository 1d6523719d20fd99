from django.apps import AppConfig


class ReviuConfig(AppConfig):
    """The review: data and narrative checks, the reviewer workspace, review of LKjIP documents."""

    name = "reviu"
    verbose_name = "Reviu"

    def ready(self):
        from kinerja.alur import daftarkan_temuan_terbuka
        from sakip.tugas import JenisTugas, daftarkan

        from .ruang import jumlah_terbuka
        from .tugas_dokumen import ambil_tugas, jalankan_tugas, jalankan_tugas_terpisah, uraian

        # Uploaded documents are reviewed by the same worker as the report PDFs (sakip.tugas).
        daftarkan(
            JenisTugas(
                nama="reviu_dokumen",
                ambil=ambil_tugas,
                jalankan=jalankan_tugas,
                jalankan_terpisah=jalankan_tugas_terpisah,
                uraian=uraian,
            )
        )

        # "Verifikasi dan kunci" counts the findings open on today's checks, as the workspace shows them.
        daftarkan_temuan_terbuka(jumlah_terbuka)
