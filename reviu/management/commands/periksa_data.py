"""python manage.py periksa_data --opd KODE --tahun YYYY [--periode TAHUN] [--format json|text]"""

import json
from dataclasses import asdict

from django.core.management.base import BaseCommand, CommandError

from reviu.pemeriksaan import periksa_opd
from sakip.models import OPD
from sakip.rumus import Periode


class Command(BaseCommand):
    help = "Pemeriksaan data satu OPD dan tahun: temuan reviu beserta tingkat dan tempat perbaikannya."

    def add_arguments(self, parser):
        parser.add_argument("--opd", required=True)
        parser.add_argument("--tahun", required=True, type=int)
        parser.add_argument("--periode", default="TAHUN")
        parser.add_argument("--format", default="text", dest="bentuk")

    def handle(self, *args, opd, tahun, periode, bentuk, **o):
        if bentuk not in ("json", "text"):
            raise CommandError(f"Format {bentuk!r} tidak dikenal. Pilihan: json, text.")
        if periode.upper() not in Periode.__members__:
            raise CommandError(f"Periode {periode!r} tidak dikenal.")
        objek = OPD.objects.select_related("pemda").filter(kode=opd).first()
        if objek is None:
            raise CommandError(f"OPD dengan kode {opd!r} tidak ditemukan.")
        temuan = periksa_opd(objek, tahun, periode.upper())
        if bentuk == "json":
            self.stdout.write(json.dumps({"temuan": [asdict(t) for t in temuan]}, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"{objek.nama} {periode.upper()} {tahun}: {len(temuan)} temuan")
        for t in temuan:
            self.stdout.write(f"- [{t.label_tingkat}] {t.pesan}")
