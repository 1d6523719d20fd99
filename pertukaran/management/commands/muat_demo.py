"""Load the demo offices and create the demo users (development and demos only)."""

import json
from io import StringIO
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from anggaran.nomenklatur import muat_nomenklatur
from kinerja.models import PerjanjianKinerja
from pertukaran.muat import FORMAT, impor_data_opd
from sakip.models import OPD, Pemda, Pengguna, Peran

DEMO_DIR = Path(settings.BASE_DIR) / "fixtures" / "demo"
KATA_SANDI_DEMO = "sakip-demo"

# Short name per office, used in demo user names (operator.dumai, ...).
NAMA_PENDEK = {
    "disdukcapil-luwu-timur": "luwutimur",
    "disdukcapil-musi-banyuasin": "muba",
    "disdukcapil-dumai": "dumai",
    "disdukcapil-probolinggo": "probolinggo",
}


def akun_demo():
    """(username, full name, role, office kode or None, pemda name or None) of every demo user."""
    akun = [("admin", "Superuser Demo", "", None, None)]
    for opd in OPD.objects.filter(kode__in=NAMA_PENDEK).select_related("pemda").order_by("kode"):
        pendek = NAMA_PENDEK[opd.kode]
        akun += [
            (f"operator.{pendek}", f"Operator {opd.singkatan}", Peran.OPERATOR, opd.kode, None),
            (f"pimpinan.{pendek}", f"Pimpinan {opd.singkatan}", Peran.PIMPINAN, opd.kode, None),
            (f"reviewer.{pendek}", f"Inspektorat {opd.pemda.nama}", Peran.REVIEWER, None, opd.pemda.nama),
            (f"adminpemda.{pendek}", f"Admin {opd.pemda.nama}", Peran.ADMIN_PEMDA, None, opd.pemda.nama),
        ]
    return akun


class Command(BaseCommand):
    help = "Memuat data demo (empat OPD rujukan) dan membuat akun demo."

    def add_arguments(self, parser):
        parser.add_argument("--paksa", action="store_true", help="Jalankan walau DEBUG tidak aktif.")

    @transaction.atomic
    def handle(self, *args, paksa=False, **options):
        if not settings.DEBUG and not paksa:
            raise CommandError(
                "Data dan akun demo hanya untuk pengembangan (DEBUG=1). Pakai --paksa bila memang disengaja."
            )
        berkas = sorted(DEMO_DIR.glob("*.json"))
        if not berkas:
            raise CommandError(f"Tidak ada berkas fixture demo di {DEMO_DIR}.")
        muat_nomenklatur()
        fixture_django = []
        for b in berkas:
            data = json.loads(b.read_text(encoding="utf-8"))
            if isinstance(data, dict) and data.get("format") == FORMAT:
                hasil = impor_data_opd(data)
                if not hasil.berhasil:
                    galat = "; ".join(f"{t}: {p}" for t, p in hasil.galat[:10])
                    raise CommandError(f"{b.name}: {galat}")
            else:
                fixture_django.append(str(b))
        if fixture_django:
            call_command("loaddata", *fixture_django, verbosity=0)
        # The LKE of PermenPANRB 88/2021 for every demo Pemda and each year its offices have a PK (the
        # lke app's command, by name: that app sits beside this one in the top layer).
        for nama_pemda, tahun in sorted(
            set(PerjanjianKinerja.objects.filter(opd__kode__in=NAMA_PENDEK).values_list("opd__pemda__nama", "tahun"))
        ):
            call_command(
                "lke_kerangka",
                "muat",
                "--pemda",
                nama_pemda,
                "--tahun",
                str(tahun),
                "--lewati-bila-ada",
                stdout=StringIO(),
            )
        for username, nama, peran, kode_opd, nama_pemda in akun_demo():
            user, _ = Pengguna.objects.get_or_create(username=username)
            user.first_name = nama
            user.peran = peran
            user.opd = OPD.objects.get(kode=kode_opd) if kode_opd else None
            user.pemda = Pemda.objects.get(nama=nama_pemda) if nama_pemda else None
            user.is_superuser = username == "admin"
            # Staff status opens the admin; what each role sees there is scoped by sakip.akses.
            user.is_staff = True
            if user.opd and user.peran == Peran.PIMPINAN:
                kepala = user.opd.jabatan_set.filter(induk__isnull=True).first()
                holder = kepala.penugasan_set.order_by("-mulai").first() if kepala else None
                user.pejabat = holder.pejabat if holder else None
            user.set_password(KATA_SANDI_DEMO)
            user.save()
        self.stdout.write(
            self.style.SUCCESS(
                f"Data demo dimuat dari {len(berkas)} berkas; {len(akun_demo())} akun demo, "
                f"kata sandi: {KATA_SANDI_DEMO}"
            )
        )
