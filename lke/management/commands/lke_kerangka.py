"""Load, copy or export the LKE tree of a Pemda's evaluation year."""

import json

from django.core.management.base import BaseCommand, CommandError

from sakip.models import Pemda
from sakip.tahun import TAHUN_MAX, TAHUN_MIN

from ...kerangka import BERKAS_88_2021, GalatKerangka, baca_berkas, ekspor_kerangka, muat_kerangka, salin_kerangka
from ...models import LembarKerja


class Command(BaseCommand):
    help = (
        "LKE per pemda dan tahun: 'muat' dari berkas sakip-lke/1 (bawaan: PermenPANRB 88/2021), "
        "'salin' dari tahun lain, 'ekspor' ke JSON."
    )

    def add_arguments(self, parser):
        parser.add_argument("aksi", choices=["muat", "salin", "ekspor"])
        parser.add_argument("--pemda", required=True, help="Nama pemda, misalnya 'Kota Dumai'")
        parser.add_argument("--tahun", type=int, required=True, help="Tahun evaluasi")
        parser.add_argument("--berkas", default=str(BERKAS_88_2021), help="Berkas sakip-lke/1 (aksi muat)")
        parser.add_argument("--dari", type=int, help="Tahun LKE yang disalin (aksi salin)")
        parser.add_argument("--lewati-bila-ada", action="store_true", help="Tidak galat bila LKE tahun itu sudah ada")

    def handle(self, *args, aksi, pemda, tahun, berkas, dari, lewati_bila_ada, **options):
        if not TAHUN_MIN <= tahun <= TAHUN_MAX:
            raise CommandError(f"Tahun harus {TAHUN_MIN}–{TAHUN_MAX}.")
        try:
            obj_pemda = Pemda.objects.get(nama=pemda)
        except Pemda.DoesNotExist:
            raise CommandError(f"Pemda {pemda!r} tidak ditemukan.") from None
        ada = LembarKerja.objects.filter(pemda=obj_pemda, tahun=tahun).first()
        if aksi == "ekspor":
            if ada is None:
                raise CommandError(f"{pemda} belum memiliki LKE tahun {tahun}.")
            self.stdout.write(json.dumps(ekspor_kerangka(ada), ensure_ascii=False, indent=1))
            return
        if ada is not None and lewati_bila_ada:
            self.stdout.write(f"LKE {tahun} {pemda} sudah ada; dilewati.")
            return
        try:
            if aksi == "muat":
                try:
                    data = baca_berkas(berkas)
                except (OSError, ValueError) as exc:
                    raise CommandError(f"Berkas {berkas} tidak terbaca: {exc}") from None
                lembar = muat_kerangka(obj_pemda, tahun, data)
            else:
                if dari is None:
                    raise CommandError("Aksi salin memerlukan --dari TAHUN.")
                asal = LembarKerja.objects.filter(pemda=obj_pemda, tahun=dari).first()
                if asal is None:
                    raise CommandError(f"{pemda} belum memiliki LKE tahun {dari}.")
                lembar = salin_kerangka(asal, tahun)
        except GalatKerangka as exc:
            raise CommandError(str(exc)) from None
        jumlah = sum(s.kriteria_set.count() for k in lembar.komponen_set.all() for s in k.subkomponen_set.all())
        self.stdout.write(self.style.SUCCESS(f"LKE {tahun} {pemda}: {jumlah} kriteria dimuat."))
