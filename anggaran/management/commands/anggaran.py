"""python manage.py anggaran --opd KODE --tahun YYYY [--periode TW1..TW4] --format json|text"""

import json

from django.core.management.base import BaseCommand, CommandError

from anggaran.models import ItemAnggaran
from anggaran.ringkasan import ringkas_anggaran, sebagai_dict
from sakip.formatting import format_angka, format_persen, format_rupiah
from sakip.perintah import baca_argumen_opd, tambah_argumen_opd
from sakip.rumus import Periode

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
        tambah_argumen_opd(parser, "TW1, TW2, TW3, TW4 atau TAHUN (= TW4)")

    def handle(self, *args, opd, tahun, periode, bentuk, **options):
        objek, tahun, periode = baca_argumen_opd(opd, tahun, periode, bentuk, PERIODE_ANGGARAN)
        periode = periode.value
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
