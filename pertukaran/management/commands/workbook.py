"""python manage.py workbook export|import|templat ...

workbook export --opd KODE --tahun YYYY --output FILE.xlsx
workbook import FILE.xlsx [--opd KODE --tahun YYYY] [--dry-run]
workbook templat --output FILE.xlsx
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from pertukaran.workbook import ekspor_workbook, impor_workbook
from sakip.models import OPD


class Command(BaseCommand):
    help = "Ekspor dan impor workbook Excel satu OPD dan tahun (lihat docs/workbook.md)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="aksi", required=True)
        ekspor = sub.add_parser("export", help="unduh workbook satu OPD dan tahun")
        ekspor.add_argument("--opd", required=True)
        ekspor.add_argument("--tahun", required=True, type=int)
        ekspor.add_argument("--output", required=True)
        impor = sub.add_parser("import", help="muat workbook (atomik)")
        impor.add_argument("berkas")
        impor.add_argument("--opd", help="muat hanya ke OPD ini (yang sudah ada)")
        impor.add_argument("--tahun", type=int, help="tahun yang diharapkan dalam berkas")
        impor.add_argument("--dry-run", action="store_true", dest="percobaan", help="periksa saja, jangan simpan")
        templat = sub.add_parser("templat", help="workbook kosong untuk diisi")
        templat.add_argument("--output", required=True)

    def handle(self, *args, aksi, **o):
        if aksi == "templat":
            Path(o["output"]).write_bytes(ekspor_workbook())
            self.stdout.write(self.style.SUCCESS(f"Templat kosong ditulis ke {o['output']}."))
            return
        if aksi == "export":
            opd = self._opd(o["opd"])
            Path(o["output"]).write_bytes(ekspor_workbook(opd, o["tahun"]))
            self.stdout.write(self.style.SUCCESS(f"Workbook {opd} {o['tahun']} ditulis ke {o['output']}."))
            return
        path = Path(o["berkas"])
        if not path.exists():
            raise CommandError(f"Berkas {path} tidak ditemukan.")
        opd = self._opd(o["opd"]) if o.get("opd") else None
        with path.open("rb") as f:
            hasil = impor_workbook(f, percobaan=o["percobaan"], opd_tetap=opd, tahun=o.get("tahun"))
        if not hasil.berhasil:
            daftar = "\n".join(f"  - {g}" for g in hasil.galat)
            raise CommandError(f"{path}: {len(hasil.galat)} galat, tidak ada data yang disimpan:\n{daftar}")
        judul = "Pemeriksaan (tidak disimpan)" if o["percobaan"] else "Dimuat"
        self.stdout.write(self.style.SUCCESS(f"{judul}: {path} ({hasil.impor.opd.kode})"))
        for baris in hasil.impor.ringkasan():
            self.stdout.write(f"  {baris}")
        for p in hasil.peringatan:
            self.stdout.write(self.style.WARNING(f"  Periksa kembali: {p}"))

    def _opd(self, kode):
        opd = OPD.objects.select_related("pemda").filter(kode=kode).first()
        if opd is None:
            raise CommandError(f"OPD dengan kode {kode!r} tidak ditemukan.")
        return opd
