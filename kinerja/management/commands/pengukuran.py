"""python manage.py pengukuran --opd KODE --tahun YYYY [--periode TW3] [--format json|text]"""

import json

from django.core.management.base import BaseCommand, CommandError

from kinerja.pengukuran import PengukuranTidakTersedia, sebagai_dict, ukur_opd
from sakip.formatting import format_angka
from sakip.perintah import baca_argumen_opd, tambah_argumen_opd
from sakip.rumus import Periode


def _angka(teks):
    from decimal import Decimal

    return "–" if teks is None else format_angka(Decimal(teks))


class Command(BaseCommand):
    help = "Mencetak pengukuran kinerja satu OPD: target, realisasi, capaian dan kategori per sasaran."

    def add_arguments(self, parser):
        tambah_argumen_opd(parser)

    def handle(self, *args, opd, tahun, periode, bentuk, **options):
        objek, tahun, periode = baca_argumen_opd(opd, tahun, periode, bentuk)
        periode = periode.value
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
        if len(data["perjanjian"]) > 1:
            self.stdout.write("")
            self.stdout.write("Perjanjian kinerja yang berlaku (urut cascading):")
            for p in data["perjanjian"]:
                kategori = f" ({p['kategori']})" if p["kategori"] else ""
                atasan = f", atasan {p['atasan']}" if p["atasan"] else ""
                self.stdout.write(
                    f"  - {p['jabatan']} (eselon {p['eselon']}{atasan}): capaian {_angka(p['capaian'])} %{kategori}"
                )
        self.stdout.write(data["metodologi"])
