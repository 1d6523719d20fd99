"""python manage.py pengukuran --opd KODE --tahun YYYY [--periode TW3] [--format json|text]"""

import json

from django.core.management.base import BaseCommand, CommandError

from kinerja.capaian import Periode
from kinerja.pengukuran import PengukuranTidakTersedia, sebagai_dict, ukur_opd
from sakip.formatting import format_angka
from sakip.models import OPD


def _angka(teks):
    from decimal import Decimal

    return "–" if teks is None else format_angka(Decimal(teks))


class Command(BaseCommand):
    help = "Mencetak pengukuran kinerja satu OPD: target, realisasi, capaian dan kategori per sasaran."

    def add_arguments(self, parser):
        parser.add_argument("--opd", required=True, help="kode OPD, misalnya disdukcapil-dumai")
        parser.add_argument("--tahun", required=True, help="tahun pengukuran, misalnya 2024")
        parser.add_argument("--periode", default="TAHUN", help="TW1, TW2, TW3, TW4, S1, S2 atau TAHUN")
        parser.add_argument("--format", default="text", dest="bentuk", help="json atau text")

    def handle(self, *args, opd, tahun, periode, bentuk, **options):
        if bentuk not in ("json", "text"):
            raise CommandError(f"Format {bentuk!r} tidak dikenal. Pilihan: json, text.")
        try:
            tahun = int(tahun)
        except ValueError:
            raise CommandError(f"Tahun {tahun!r} bukan angka tahun.") from None
        periode = periode.upper()
        if periode not in Periode.__members__:
            raise CommandError(f"Periode {periode!r} tidak dikenal. Pilihan: {', '.join(Periode.__members__)}.")
        objek = OPD.objects.select_related("pemda").filter(kode=opd).first()
        if objek is None:
            raise CommandError(f"OPD dengan kode {opd!r} tidak ditemukan.")
        try:
            hasil = ukur_opd(objek, tahun, Periode(periode))
        except PengukuranTidakTersedia as exc:
            raise CommandError(str(exc)) from None
        data = sebagai_dict(hasil)
        if bentuk == "json":
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        self.stdout.write(
            f"{data['nama_opd']} — pengukuran {Periode(periode).label} {tahun} ({data['perjanjian_kinerja']})"
        )
        for nomor, s in enumerate(data["sasaran"], 1):
            self.stdout.write("")
            kategori = f" ({s['kategori']})" if s["kategori"] else ""
            self.stdout.write(f"Sasaran {nomor}: {s['uraian']}")
            self.stdout.write(f"  Capaian sasaran: {_angka(s['capaian'])} %{kategori}")
            for i in s["indikator"]:
                target = i["target"] if i["target"] is None or not i["target"][0].isdigit() else _angka(i["target"])
                realisasi = (
                    i["realisasi"]
                    if i["realisasi"] is None or not i["realisasi"][0].isdigit()
                    else _angka(i["realisasi"])
                )
                self.stdout.write(
                    f"  - {i['nama']} [{i['satuan']}, {i['arah']}]: target {target}, realisasi {realisasi or '–'}, "
                    f"capaian {_angka(i['capaian'])} %" + (f" ({i['kategori']})" if i["kategori"] else "")
                )
                if i.get("sumber_target"):
                    self.stdout.write(f"      target dari {i['sumber_target']}")
                if i.get("keterangan_data"):
                    self.stdout.write(f"      {i['keterangan_data']}")
        self.stdout.write("")
        self.stdout.write(
            f"Capaian OPD: {_angka(data['capaian'])} %" + (f" ({data['kategori']})" if data["kategori"] else "")
        )
        self.stdout.write(data["metodologi"])
