from django.apps import AppConfig


class ReviuConfig(AppConfig):
    """The review: data and narrative checks, the reviewer workspace, review of LKjIP documents."""

    name = "reviu"
    verbose_name = "Reviu"

    def ready(self):
        from kinerja.alur import daftarkan_temuan_terbuka
        from sakip.tugas import JenisTugas, daftarkan

        from .models import DokumenReviu
        from .ruang import jumlah_terbuka
        from .tugas_dokumen import reviu_berkas, uraian

        # Uploaded documents are reviewed by the same workers as the report PDFs (sakip.tugas).
        daftarkan(
            JenisTugas(
                nama="reviu_dokumen",
                model=DokumenReviu,
                tugas=reviu_berkas,
                uraian=uraian,
            )
        )

        # "Verifikasi dan kunci" counts the findings open on today's checks, as the workspace shows them.
        daftarkan_temuan_terbuka(jumlah_terbuka)
