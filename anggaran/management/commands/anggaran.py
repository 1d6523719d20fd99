"""python manage.py anggaran --opd KODE --tahun YYYY [--periode TW1..TW4] --format json|text"""

import json

from django.core.management.base import BaseCommand, CommandError

from anggaran.models import ItemAnggaran
from anggaran.ringkasan import ringkas_anggaran, sebagai_dict
from kinerja.capaian import Periode
from sakip.formatting import format_angka, format_persen, format_rupiah
from sakip.models import OPD

PERIODE_ANGGARAN = ["TW1", "TW2", "TW3", "TW4", "TAHUN"]


def _rp(teks):
    from decimal import Decimal

    return "–" if teks is None else format_rupiah(Decimal(teks))


def _persen(teks):
    from decimal import Decimal

    return "–" if teks is None else format_persen(Decimal(teks))


class Command(BaseCommand):
    help = "Mencetak anggaran satu OPD: pagu, realisasi dan serapan per program/kegiatan/sub kegiatan, dan efisiensi."

    def add_arguments(self, parser):
        parser.add_argument("--opd", required=True, help="kode OPD")
        parser.add_argument("--tahun", required=True, help="tahun anggaran")
        parser.add_argument("--periode", default="TAHUN", help="TW1, TW2, TW3, TW4 atau TAHUN (= TW4)")
        parser.add_argument("--format", default="text", dest="bentuk", help="json atau text")

    def handle(self, *args, opd, tahun, periode, bentuk, **options):
        if bentuk not in ("json", "text"):
            raise CommandError(f"Format {bentuk!r} tidak dikenal. Pilihan: json, text.")
        try:
            tahun = int(tahun)
        except ValueError:
            raise CommandError(f"Tahun {tahun!r} bukan angka tahun.") from None
        periode = periode.upper()
        if periode not in PERIODE_ANGGARAN:
            raise CommandError(f"Periode {periode!r} tidak dikenal. Pilihan: {', '.join(PERIODE_ANGGARAN)}.")
        objek = OPD.objects.select_related("pemda").filter(kode=opd).first()
        if objek is None:
            raise CommandError(f"OPD dengan kode {opd!r} tidak ditemukan.")
        if not ItemAnggaran.objects.filter(opd=objek, tahun=tahun).exists():
            raise CommandError(f"Belum ada data anggaran {objek.nama} untuk tahun {tahun}.")
        data = sebagai_dict(ringkas_anggaran(objek, tahun, Periode(periode)))
        if bentuk == "json":
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        tulis = self.stdout.write
        tulis(f"{objek.nama} — anggaran {tahun} s.d. {Periode(periode).label}")
        tulis(f"Pagu {_rp(data['pagu'])}; realisasi {_rp(data['realisasi'])}; serapan {_persen(data['serapan'])}")

        def baris(d, tingkat):
            tulis(
                f"{'  ' * tingkat}{d['kode']} {d['nama']}: pagu {_rp(d['pagu'])}, realisasi {_rp(d['realisasi'])}, "
                f"serapan {_persen(d['serapan'])}" + (f" [{d['catatan']}]" if d.get("catatan") else "")
            )
            for anak in d.get("kegiatan", []) + d.get("sub_kegiatan", []):
                baris(anak, tingkat + 1)

        for program in data["program"]:
            baris(program, 0)
        if data["alokasi_sasaran"]:
            tulis("")
            tulis("Alokasi anggaran per sasaran:")
            for a in data["alokasi_sasaran"]:
                tulis(
                    f"  {a['sasaran']}: pagu {_rp(a['pagu'])} ({_persen(a['pangsa'])} dari total), "
                    f"serapan {_persen(a['serapan'])}"
                )
        if data["efisiensi"]:
            tulis("")
            tulis("Efisiensi:")
            for e in data["efisiensi"]:
                nama = e["indikator"] or f"Sasaran: {e['sasaran']}"
                nilai = "–" if e["efisiensi"] is None else format_angka(__import__("decimal").Decimal(e["efisiensi"]))
                tulis(
                    f"  {nama}: capaian {_persen(e['capaian'])} − serapan {_persen(e['serapan'])} = {nilai} "
                    f"({e['kategori'] or '–'})"
                )
        for p in data["peringatan"]:
            tulis(f"PERINGATAN: {p}")
        tulis(data["metodologi"])
