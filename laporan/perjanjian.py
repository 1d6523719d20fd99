"""The Perjanjian Kinerja document (PermenPANRB 53/2014, Lampiran II) as typed data.

One PK prints as the statement (PIHAK PERTAMA the signer, PIHAK KEDUA the superior, place, date
and both signatures) and its appendix (sasaran, indicators and targets; programs / kegiatan with
the pagu in force on the PK's date; the signatures again). An office's set prints every PK in
force at the end of the year, the head first, then down the jabatan tree.

Nothing is formatted here (dates, NIPs, amounts and targets are formatted by the templates
`laporan/perjanjian*.html`), so the same data serves the HTML, the PDF and the tests.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch
from django.template.loader import render_to_string

from anggaran.aturan import pagu_berlaku
from anggaran.models import ItemAnggaran, Pagu
from anggaran.ringkasan import bulat_rupiah
from kinerja.models import ItemPK, PerjanjianKinerja
from sakip.formatting import normalisasi_nilai
from sakip.models import OPD, Jabatan, Pejabat, Pemda
from sakip.pdf_aman import pengambil

from .bab.konteks import nilai_atau_teks
from .data import Nilai
from .draf import jabatan_lengkap, judul_pk, kepala_daerah, nama_wilayah
from .pdf import CSS_CETAK

CSS_PK = CSS_CETAK.parent / "perjanjian.css"


class TidakAdaPerjanjian(LookupError):
    """No PK to print (message in Indonesian, shown by the command and the view)."""


@dataclass(frozen=True)
class Pihak:
    """One party of the agreement: prefix (Plt./Plh.), full position, and the holder when known."""

    awalan: str
    jabatan: str
    nama: str | None
    pangkat: str | None
    nip: str | None  # 18 digits as stored; the templates print it in four groups


@dataclass(frozen=True)
class IndikatorPk:
    nama: str
    satuan: str
    target: Nilai  # a Decimal, or a predicate's text ("WTP")
    target_atas: Decimal | None  # the upper bound of a range target
    presisi: int | None


@dataclass(frozen=True)
class SasaranPk:
    uraian: str
    indikator: list[IndikatorPk]


@dataclass(frozen=True)
class AnggaranPk:
    """A program, kegiatan or sub kegiatan that supports the PK's sasaran or indicators."""

    tingkat: str
    label_tingkat: str
    kode: str
    nama: str
    pagu: Decimal | None  # the pagu in force on the PK's date; None when the budget has none
    sumber_dana: str


@dataclass(frozen=True)
class DokumenPk:
    id: int
    judul: str  # "Perjanjian Kinerja Tahun 2024", "Perjanjian Kinerja Perubahan 1 Tahun 2024"
    perubahan: bool
    draf: bool
    tahun: int
    tanggal: datetime.date
    tempat: str
    logo: str | None  # the Pemda's logo (a media file name), printed above the heading as the form has it
    opd: str
    unit: str  # what the headings name: the office for its head, else the signer's position
    eselon: str
    pihak_pertama: Pihak
    pihak_kedua: Pihak
    sasaran: list[SasaranPk]
    anggaran: list[AnggaranPk]
    pagu: Decimal | None


@dataclass(frozen=True)
class KumpulanPk:
    """The PKs printed together: one jabatan's, or every PK of an office-year."""

    kode_opd: str
    opd: str
    pemda: str
    tahun: int
    dokumen: list[DokumenPk]

    @property
    def judul(self) -> str:
        if len(self.dokumen) == 1:
            return f"{self.dokumen[0].judul} {self.dokumen[0].pihak_pertama.jabatan}"
        return f"Perjanjian Kinerja Tahun {self.tahun} {self.opd}"


# --------------------------------------------------------------------------- selectors


def _muat(perjanjian_ids) -> dict[int, PerjanjianKinerja]:
    qs = PerjanjianKinerja.objects.filter(pk__in=perjanjian_ids).select_related(
        "opd__pemda", "jabatan__induk", "pejabat", "perjanjian_atasan__jabatan", "perjanjian_atasan__pejabat"
    )
    qs = qs.prefetch_related(
        "jabatan__riwayat_nama",
        "jabatan__induk__riwayat_nama",
        "perjanjian_atasan__jabatan__riwayat_nama",
        Prefetch(
            "item_set",
            queryset=ItemPK.objects.select_related("sasaran", "indikator").order_by("urutan", "id"),
        ),
    )
    return {p.pk: p for p in qs}


def tempat_ttd(pemda: Pemda) -> str:
    """Where a PK is signed: the Pemda's capital; a kota's own name when none is stored (a
    kabupaten's capital is another town, so it is left blank rather than guessed)."""
    if pemda.ibu_kota:
        return pemda.ibu_kota
    return nama_wilayah(pemda) if pemda.tingkat == Pemda.Tingkat.KOTA else ""


def _pemegang(jabatan: Jabatan, tanggal: datetime.date, pejabat: Pejabat | None = None):
    """(pejabat, prefix) holding `jabatan` on `tanggal`. The signer a PK records wins over the
    assignment list; the Plt./Plh. prefix only comes with an assignment of that same person."""
    penugasan = jabatan.pejabat_pada(tanggal)
    if pejabat is not None and (penugasan is None or penugasan.pejabat_id != pejabat.pk):
        return pejabat, ""
    if penugasan is None:
        return None, ""
    return penugasan.pejabat, penugasan.awalan


def _pihak(jabatan: Jabatan, opd: OPD, tanggal: datetime.date, pejabat: Pejabat | None = None) -> Pihak:
    orang, awalan = _pemegang(jabatan, tanggal, pejabat)
    return Pihak(
        awalan=awalan,
        jabatan=jabatan_lengkap(jabatan.nama_pada(tanggal), opd.nama),
        nama=orang.nama if orang else None,
        pangkat=(orang.pangkat_golongan or None) if orang else None,
        nip=orang.nip if orang else None,
    )


def _pihak_kedua(p: PerjanjianKinerja) -> Pihak:
    """The superior: the parent PK's position (else the jabatan's atasan) and its holder on the
    PK's date (else the parent PK's signer); for the head of office, the head of region."""
    atasan = p.perjanjian_atasan
    jabatan = atasan.jabatan if atasan is not None else p.jabatan.induk
    if jabatan is not None:
        orang, awalan = _pemegang(jabatan, p.tanggal)
        if orang is None and atasan is not None:
            orang = atasan.pejabat
        return Pihak(
            awalan=awalan,
            jabatan=jabatan_lengkap(jabatan.nama_pada(p.tanggal), p.opd.nama),
            nama=orang.nama if orang else None,
            pangkat=(orang.pangkat_golongan or None) if orang else None,
            nip=orang.nip if orang else None,
        )
    pemda = p.opd.pemda
    # An elected head of region has no NIP or rank; the name only when the Pemda stores it.
    return Pihak(awalan="", jabatan=kepala_daerah(pemda), nama=pemda.nama_kepala_daerah or None, pangkat=None, nip=None)


def _sasaran(p: PerjanjianKinerja) -> list[SasaranPk]:
    urutan: dict[int, SasaranPk] = {}
    for item in p.item_set.all():
        s = urutan.setdefault(item.sasaran_id, SasaranPk(uraian=item.sasaran.uraian, indikator=[]))
        s.indikator.append(
            IndikatorPk(
                nama=item.indikator.nama,
                satuan=item.indikator.satuan,
                target=nilai_atau_teks(item.target_teks, item.target),
                target_atas=normalisasi_nilai(item.target_atas),
                presisi=item.indikator.presisi,
            )
        )
    return list(urutan.values())


class _Anggaran:
    """An office-year's budget items, read once for all its PKs."""

    def __init__(self, opd_id: int, tahun: int):
        self.items = list(
            ItemAnggaran.objects.filter(opd_id=opd_id, tahun=tahun)
            .prefetch_related(Prefetch("pagu_set", queryset=Pagu.objects.order_by("urutan")), "sasaran")
            .prefetch_related("indikator_didukung")
            .order_by("kode")
        )
        self.anak: dict[int | None, list[ItemAnggaran]] = {}
        for i in self.items:
            self.anak.setdefault(i.induk_id, []).append(i)

    def pagu(self, item: ItemAnggaran, pada: datetime.date) -> Decimal | None:
        """The item's pagu on `pada`: its own version in force, or the sum of its children's.
        A PK signed before the budget's first dated version shows that first version (the DPA
        the PK was drafted with)."""
        anak = self.anak.get(item.pk)
        if anak:
            nilai = [n for n in (self.pagu(a, pada) for a in anak) if n is not None]
            return sum(nilai, Decimal(0)) if nilai else None
        versi = list(item.pagu_set.all())
        if not versi:
            return None
        berlaku = pagu_berlaku(versi, pada) or min(versi, key=lambda v: v.urutan)
        return berlaku.nilai

    def untuk(self, p: PerjanjianKinerja) -> list[AnggaranPk]:
        sasaran = {i.sasaran_id for i in p.item_set.all()}
        indikator = {i.indikator_id for i in p.item_set.all()}
        terpilih = [
            i
            for i in self.items
            if sasaran & {s.pk for s in i.sasaran.all()} or indikator & {d.pk for d in i.indikator_didukung.all()}
        ]
        ids = {i.pk for i in terpilih}
        per_id = {i.pk: i for i in self.items}

        def di_bawah_terpilih(i):
            # A kegiatan whose program is printed already counts in the program's pagu.
            induk = per_id.get(i.induk_id)
            while induk is not None:
                if induk.pk in ids:
                    return True
                induk = per_id.get(induk.induk_id)
            return False

        return [
            AnggaranPk(
                tingkat=i.tingkat,
                label_tingkat=i.get_tingkat_display(),
                kode=i.kode,
                nama=i.nama,
                pagu=bulat_rupiah(self.pagu(i, p.tanggal)),
                sumber_dana=i.sumber_dana,
            )
            for i in terpilih
            if not di_bawah_terpilih(i)
        ]


def _dokumen(p: PerjanjianKinerja, anggaran: _Anggaran) -> DokumenPk:
    baris = anggaran.untuk(p)
    pagu = [b.pagu for b in baris if b.pagu is not None]
    pertama = _pihak(p.jabatan, p.opd, p.tanggal, p.pejabat)
    return DokumenPk(
        id=p.pk,
        judul=judul_pk(p),
        perubahan=p.versi > 0,
        draf=p.status == PerjanjianKinerja.Status.DRAFT,
        tahun=p.tahun,
        tanggal=p.tanggal,
        tempat=tempat_ttd(p.opd.pemda),
        logo=p.opd.pemda.logo.name or None,
        opd=p.opd.nama,
        unit=p.opd.nama if p.jabatan.induk_id is None else pertama.jabatan,
        eselon=p.jabatan.eselon,
        pihak_pertama=pertama,
        pihak_kedua=_pihak_kedua(p),
        sasaran=_sasaran(p),
        anggaran=baris,
        pagu=sum(pagu, Decimal(0)) if pagu else None,
    )


def susun_dokumen(opd: OPD, tahun: int, daftar: list[PerjanjianKinerja]) -> KumpulanPk:
    """The documents of `daftar` (PKs of `opd`), in that order."""
    muat = _muat([p.pk for p in daftar])
    anggaran = _Anggaran(opd.pk, tahun)
    return KumpulanPk(
        kode_opd=opd.kode,
        opd=opd.nama,
        pemda=opd.pemda.nama,
        tahun=tahun,
        dokumen=[_dokumen(muat[p.pk], anggaran) for p in daftar],
    )


def urutan_jabatan(opd: OPD) -> list[Jabatan]:
    """The office's positions in cascade order: each root (the head first), then its subordinates
    depth first, siblings by their `urutan`."""
    semua = list(Jabatan.objects.filter(opd=opd).order_by("urutan", "id"))
    anak: dict[int | None, list[Jabatan]] = {}
    for j in semua:
        anak.setdefault(j.induk_id, []).append(j)
    hasil: list[Jabatan] = []
    tumpukan = list(reversed(sorted(anak.get(None, []), key=lambda j: (j.eselon != Jabatan.Eselon.II, j.urutan, j.pk))))
    while tumpukan:
        j = tumpukan.pop()
        hasil.append(j)
        tumpukan.extend(reversed(anak.get(j.pk, [])))
    return hasil


def pk_berlaku_opd(opd: OPD, tahun: int) -> list[PerjanjianKinerja]:
    """Every PK of the office in force at the end of `tahun`, in cascade order."""
    daftar = []
    for jabatan in urutan_jabatan(opd):
        p = PerjanjianKinerja.objects.berlaku(jabatan, tahun)
        if p is not None:
            daftar.append(p)
    return daftar


def dokumen_opd(opd: OPD, tahun: int) -> KumpulanPk:
    daftar = pk_berlaku_opd(opd, tahun)
    if not daftar:
        raise TidakAdaPerjanjian(f"Belum ada Perjanjian Kinerja {tahun} di {opd.nama}.")
    return susun_dokumen(opd, tahun, daftar)


def dokumen_jabatan(opd: OPD, tahun: int, jabatan: Jabatan) -> KumpulanPk:
    p = PerjanjianKinerja.objects.berlaku(jabatan, tahun)
    if p is None:
        raise TidakAdaPerjanjian(f"Belum ada Perjanjian Kinerja {tahun} untuk jabatan {jabatan.nama}.")
    return susun_dokumen(opd, tahun, [p])


# --------------------------------------------------------------------------- rendering


def html_dokumen(kumpulan: KumpulanPk) -> str:
    """The standalone print HTML (stylesheets inlined: no network, as the report)."""
    css = CSS_CETAK.read_text(encoding="utf-8") + "\n" + CSS_PK.read_text(encoding="utf-8")
    return render_to_string("laporan/perjanjian.html", {"kumpulan": kumpulan, "css": css})


def pdf_dokumen(kumpulan: KumpulanPk) -> tuple[bytes, int]:
    """PDF bytes and page count; WeasyPrint reads only our own files (sakip.pdf_aman)."""
    from weasyprint import HTML  # heavy: loaded when a PDF is made, as laporan/pdf.py does

    dokumen = HTML(string=html_dokumen(kumpulan), base_url=str(CSS_CETAK.parent), url_fetcher=pengambil()).render()
    return dokumen.write_pdf(), len(dokumen.pages)


def nama_berkas(kumpulan: KumpulanPk) -> str:
    if len(kumpulan.dokumen) == 1:
        return f"PK-{kumpulan.kode_opd}-{kumpulan.tahun}-{kumpulan.dokumen[0].id}.pdf"
    return f"PK-{kumpulan.kode_opd}-{kumpulan.tahun}.pdf"
