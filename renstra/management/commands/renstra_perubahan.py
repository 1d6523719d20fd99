"""renstra_perubahan --opd KODE --mulai TAHUN --tanggal YYYY-MM-DD --alasan "...": a Renstra Perubahan of the office's
latest Renstra, through the same service as the Renstra page and the admin action."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from renstra.layanan import GalatPerubahan, buat_renstra_perubahan
from renstra.models import Renstra
from sakip.models import OPD


class Command(BaseCommand):
    help = "Buat Renstra Perubahan dari Renstra terbaru sebuah OPD (Renstra lama tetap tersimpan sebagai riwayat)."

    def add_arguments(self, parser):
        parser.add_argument("--opd", required=True, help="Kode OPD.")
        parser.add_argument("--mulai", required=True, help="Tahun pertama yang memakai versi baru.")
        parser.add_argument("--alasan", required=True, help="Alasan perubahan (wajib).")
        parser.add_argument("--tanggal", help="Tanggal penetapan, YYYY-MM-DD (wajib).")
        parser.add_argument("--dasar-hukum", default="", help="Dasar hukum perubahan.")

    def handle(self, *args, opd, mulai, alasan, tanggal=None, dasar_hukum="", **options):
        objek = OPD.objects.filter(kode=opd).first()
        if objek is None:
            raise CommandError(f"OPD dengan kode '{opd}' tidak ditemukan.")
        renstra = Renstra.objects.filter(opd=objek).order_by("-tahun_mulai", "-versi").first()
        if renstra is None:
            raise CommandError(f"{objek} belum memiliki Renstra.")
        try:
            tanggal_penetapan = datetime.date.fromisoformat(tanggal) if tanggal else None
        except ValueError:
            raise CommandError(f"Tanggal penetapan '{tanggal}' bukan tanggal YYYY-MM-DD.") from None
        try:
            baru = buat_renstra_perubahan(
                renstra, mulai=mulai, alasan=alasan, tanggal_penetapan=tanggal_penetapan, dasar_hukum=dasar_hukum
            )
        except GalatPerubahan as exc:
            raise CommandError(f"Renstra Perubahan tidak dibuat: {exc}") from None
        self.stdout.write(
            f"{baru} dibuat (berlaku mulai tahun {baru.berlaku_mulai}); {renstra} tetap tersimpan sebagai riwayat."
        )
