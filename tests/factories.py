"""factory_boy factories for the test suite."""

import datetime

import factory

from sakip.models import OPD, Jabatan, Pejabat, Pemda, Pengguna, Penugasan, Peran


class PemdaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pemda
        django_get_or_create = ["nama"]

    nama = factory.Sequence(lambda n: f"Kabupaten Uji {n}")
    tingkat = Pemda.Tingkat.KABUPATEN
    jabatan_kepala_daerah = "Bupati"


class OPDFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OPD

    pemda = factory.SubFactory(PemdaFactory)
    nama = factory.Sequence(lambda n: f"Dinas Uji {n}")
    singkatan = factory.Sequence(lambda n: f"Dinas {n}")
    kode = factory.Sequence(lambda n: f"dinas-uji-{n}")


class JabatanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Jabatan

    opd = factory.SubFactory(OPDFactory)
    eselon = Jabatan.Eselon.II
    nama = factory.Sequence(lambda n: f"Jabatan {n}")


def _nip(n):
    # Born 1 Jan 1980, appointed March 2005, male, sequence n.
    return f"19800101200503{1}{n % 1000:03d}"


class PejabatFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pejabat

    pemda = factory.SubFactory(PemdaFactory)
    nama = factory.Sequence(lambda n: f"Pejabat {n}, S.E.")
    nip = factory.Sequence(_nip)
    pangkat = "Pembina"
    golongan = "IV/a"


class PenugasanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Penugasan

    jabatan = factory.SubFactory(JabatanFactory)
    pejabat = factory.SubFactory(PejabatFactory, pemda=factory.SelfAttribute("..jabatan.opd.pemda"))
    mulai = datetime.date(2021, 1, 1)


class PenggunaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pengguna
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"pengguna{n}")
    password = factory.PostGenerationMethodCall("set_password", "rahasia-uji")
    peran = Peran.OPERATOR
    opd = factory.SubFactory(OPDFactory)

    @factory.post_generation
    def simpan(obj, create, extracted, **kwargs):
        if create:
            obj.save()

    class Params:
        reviewer = factory.Trait(peran=Peran.REVIEWER, opd=None, pemda=factory.SubFactory(PemdaFactory))
        admin_pemda = factory.Trait(
            peran=Peran.ADMIN_PEMDA, opd=None, is_staff=True, pemda=factory.SubFactory(PemdaFactory)
        )
        pimpinan = factory.Trait(peran=Peran.PIMPINAN)


# --- renstra and kinerja -------------------------------------------------------------

from decimal import Decimal  # noqa: E402

from kinerja.models import ItemPK, PerjanjianKinerja, Realisasi, RencanaAksi  # noqa: E402
from renstra.models import Indikator, Renstra, Sasaran, TargetIndikator, Tujuan  # noqa: E402


class RenstraFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Renstra

    opd = factory.SubFactory(OPDFactory)
    tahun_mulai = 2021
    tahun_selesai = 2026


class TujuanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tujuan

    renstra = factory.SubFactory(RenstraFactory)
    uraian = factory.Sequence(lambda n: f"Tujuan {n}")


class SasaranFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sasaran

    renstra = factory.SubFactory(RenstraFactory)
    tujuan = factory.SubFactory(TujuanFactory, renstra=factory.SelfAttribute("..renstra"))
    uraian = factory.Sequence(lambda n: f"Meningkatnya kualitas layanan {n}")


class IndikatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indikator

    sasaran = factory.SubFactory(SasaranFactory)
    nama = factory.Sequence(lambda n: f"Persentase layanan {n}")
    satuan = "%"
    iku = True


class TargetIndikatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TargetIndikator

    indikator = factory.SubFactory(IndikatorFactory)
    tahun = 2024
    nilai = Decimal("90")


class PerjanjianKinerjaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PerjanjianKinerja

    jabatan = factory.SubFactory(JabatanFactory)
    tahun = 2024
    tanggal = factory.LazyAttribute(lambda o: __import__("datetime").date(o.tahun, 1, 15))


class ItemPKFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ItemPK

    perjanjian = factory.SubFactory(PerjanjianKinerjaFactory)
    # The indicator belongs to the office of the PK.
    indikator = factory.SubFactory(
        IndikatorFactory,
        sasaran=factory.LazyAttribute(lambda o: SasaranFactory(renstra__opd=o.factory_parent.perjanjian.jabatan.opd)),
    )
    sasaran = factory.SelfAttribute("indikator.sasaran")
    target = Decimal("100")


class RencanaAksiFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RencanaAksi

    item = factory.SubFactory(ItemPKFactory)
    triwulan = 1


class RealisasiFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Realisasi

    indikator = factory.SubFactory(IndikatorFactory)
    tahun = 2024
    periode = "TAHUN"


def pk_dengan_rentang(opd, nama, **perjanjian):
    """A PK of 2024 of `opd`: a range indicator `nama` (R1, target 60 – 80) and an ordinary 'naik'
    indicator (N1, target 100) under the same sasaran. Returns the range item."""
    from decimal import Decimal

    rentang = ItemPKFactory(
        perjanjian__jabatan__opd=opd,
        **{f"perjanjian__{k}": v for k, v in perjanjian.items()},
        indikator__nama=nama,
        indikator__kode="R1",
        indikator__arah="rentang",
        target=Decimal("60"),
        target_atas=Decimal("80"),
        urutan=0,
    )
    ItemPKFactory(
        perjanjian=rentang.perjanjian,
        indikator__sasaran=rentang.sasaran,
        indikator__nama="Persentase layanan tepat waktu",
        indikator__kode="N1",
        target=Decimal("100"),
        urutan=1,
    )
    return rentang


def tambah_item_pk(perjanjian, **kw):
    """An indicator added to an existing PK as test setup, written the way an import writes it
    (a set PK only changes through a perubahan; the entry doors refuse it)."""
    from kinerja.models import ItemPK

    item = ItemPK(perjanjian=perjanjian, **kw)
    ItemPK.objects.bulk_create([item])
    return item
