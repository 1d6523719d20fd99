"""Print the LKE of an office-year: answers, score and predikat (JSON or text)."""

import json

from django.core.management.base import BaseCommand, CommandError

from sakip.models import OPD
from sakip.tahun import TAHUN_MAX, TAHUN_MIN

from ...ringkas import SISI, TidakAdaLKE, ringkas_lke, teks_lke


class Command(BaseCommand):
    help = "Cetak LKE satu OPD dan tahun: jawaban per kriteria, nilai dan predikat."

    def add_arguments(self, parser):
        parser.add_argument("--opd", required=True, help="Kode OPD, misalnya disdukcapil-dumai")
        parser.add_argument("--tahun", type=int, required=True)
        parser.add_argument("--format", choices=["json", "text"], default="json")
        parser.add_argument(
            "--jawaban",
            choices=SISI,
            default="berlaku",
            help="berlaku (bawaan): evaluator, lalu OPD, lalu usulan dari data; atau satu sisi saja",
        )

    def handle(self, *args, opd, tahun, format, jawaban, **options):
        if not TAHUN_MIN <= tahun <= TAHUN_MAX:
            raise CommandError(f"Tahun harus {TAHUN_MIN}–{TAHUN_MAX}.")
        try:
            objek = OPD.objects.select_related("pemda").get(kode=opd)
        except OPD.DoesNotExist:
            raise CommandError(f"OPD dengan kode {opd!r} tidak ditemukan.") from None
        try:
            data = ringkas_lke(objek, tahun, jawaban)
        except TidakAdaLKE as exc:
            raise CommandError(str(exc)) from None
        if format == "json":
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
        else:
            self.stdout.write(teks_lke(data), ending="")
