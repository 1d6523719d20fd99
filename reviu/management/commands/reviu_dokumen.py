"""python manage.py reviu_dokumen BERKAS [--format json|text]

Reviu of an LKjIP made outside SAKIP (PDF, DOCX or text): every printed capaian, percentage,
efficiency and total that can be recomputed is recomputed; the differences are listed.
"""

import json

from django.core.management.base import BaseCommand, CommandError

from reviu.dokumen import JENIS_TEMUAN, GalatDokumen, reviu_berkas

ATURAN = (
    "Aturan: angka tercetak dianggap benar bila sama dengan hasil hitung ulang yang dibulatkan "
    "atau dipotong pada jumlah desimal yang tercetak; indikator turun (lama, hari, deviasi) boleh "
    "memakai (2 × target − realisasi) ÷ target × 100 atau target ÷ realisasi × 100."
)


class Command(BaseCommand):
    help = (
        "Reviu LKjIP dari berkas PDF, DOCX atau teks: menghitung ulang capaian, persentase, efisiensi "
        "dan jumlah yang tercetak, lalu mendaftar temuan beserta angka yang seharusnya."
    )

    def add_arguments(self, parser):
        parser.add_argument("berkas", help="berkas LKjIP: .pdf, .docx atau .txt")
        parser.add_argument("--format", default="text", dest="bentuk", help="json atau text (bawaan: text)")

    def handle(self, *args, berkas, bentuk, **options):
        if bentuk not in ("json", "text"):
            raise CommandError(f"Format {bentuk!r} tidak dikenal. Pilihan: json, text.")
        try:
            hasil = reviu_berkas(berkas)
        except GalatDokumen as exc:
            raise CommandError(str(exc)) from None
        if bentuk == "json":
            self.stdout.write(json.dumps(hasil.sebagai_dict(), ensure_ascii=False, indent=2))
            return
        jenis_berkas = {"txt": "teks", "pdf": "PDF", "docx": "DOCX"}.get(hasil.format, hasil.format)
        self.stdout.write(f"Reviu dokumen: {hasil.nama_berkas} ({jenis_berkas})")
        self.stdout.write(
            f"Tabel ditemukan: {hasil.jumlah_tabel} ({hasil.jumlah_tabel_terbaca} dengan kepala kolom terbaca); "
            f"angka yang dihitung ulang: {hasil.jumlah_pemeriksaan}."
        )
        if not hasil.temuan:
            if hasil.jumlah_pemeriksaan:
                self.stdout.write("Tidak ada temuan: semua angka yang dapat dihitung ulang sesuai.")
            else:
                self.stdout.write("Tidak ditemukan tabel atau rumus yang dapat dihitung ulang.")
        else:
            self.stdout.write(f"Temuan: {len(hasil.temuan)}")
        for nomor, t in enumerate(hasil.temuan, 1):
            self.stdout.write("")
            self.stdout.write(f"{nomor}. {JENIS_TEMUAN.get(t.jenis, t.jenis)} — {t.lokasi}")
            selisih = f" (selisih {t.selisih})" if t.selisih else ""
            self.stdout.write(f"   Tercetak {t.tercetak}; seharusnya {t.seharusnya}{selisih}.")
            self.stdout.write(f"   {t.uraian}")
            if t.keyakinan != "pasti":
                self.stdout.write(f"   Belum pasti: {t.alasan_keyakinan}")
        if hasil.tidak_diperiksa:
            self.stdout.write("")
            self.stdout.write(f"Tidak dapat diperiksa: {len(hasil.tidak_diperiksa)}")
            for t in hasil.tidak_diperiksa:
                self.stdout.write(f"- {t.lokasi}: {t.alasan}")
        self.stdout.write("")
        self.stdout.write(ATURAN)
