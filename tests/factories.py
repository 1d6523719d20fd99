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
