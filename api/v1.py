"""API v1: the office's measurement, budget, realisations (read and write), LKE.

Every endpoint reaches data through sakip.akses like the pages: an office outside the caller's
reach answers 404 exactly as one that does not exist. Reads call the functions the management
commands print (kinerja.pengukuran.sebagai_dict, anggaran.ringkasan.sebagai_dict,
lke.ringkas.ringkas_lke); writes call the services the grids call (kinerja.entri.simpan_grid,
anggaran.entri.simpan_realisasi_anggaran), so the rules, the period lock and the per-cell
conflict check are the same ones. Numbers are exact: strings of their Decimal value in answers;
in requests a JSON number (read as a Decimal, never a float) or a string "1234.5".
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict
from decimal import Decimal, InvalidOperation

from django.http import Http404, QueryDict
from ninja import NinjaAPI, Schema, Status
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError
from ninja.parser import Parser
from ninja.renderers import JSONRenderer
from pydantic import Field

from anggaran.entri import baris_grid, periksa_boleh_isi_anggaran, simpan_realisasi_anggaran
from anggaran.models import ItemAnggaran
from anggaran.ringkasan import ringkas_anggaran
from anggaran.ringkasan import sebagai_dict as anggaran_dict
from kinerja.alur import GalatAlur, pesan_jendela, pesan_tertutup
from kinerja.entri import baris_entri, simpan_grid, tandai_terkunci
from kinerja.pengukuran import PengukuranTidakTersedia, ukur_opd
from kinerja.pengukuran import sebagai_dict as pengukuran_dict
from kinerja.penguncian import PetaKunci
from lke.alur import lihat_penetapan
from lke.models import EvaluasiLKE
from lke.ringkas import SISI, TidakAdaLKE, ringkas_lke
from renstra.models import Indikator
from reviu.pemeriksaan import periksa_opd
from sakip import rumus
from sakip.akses import Aksi, ambil_atau_404, boleh
from sakip.models import OPD

from .auth import BatasPengguna, Sesi, TokenBearer

PERIODE_ENTRI = ["TW1", "TW2", "TW3", "TW4", "S1", "S2", "TAHUN"]
PERIODE_ANGGARAN = ["TW1", "TW2", "TW3", "TW4", "TAHUN"]


class ParserDesimal(Parser):
    """JSON bodies with their numbers read exactly: 78.35 is Decimal("78.35"), never a float."""

    def parse_body(self, request):
        return json.loads(request.body, parse_float=Decimal)


class RendererAman(JSONRenderer):
    """JSON with <, > and & written as \\u003c, \\u003e, \\u0026 (as Django's json_script): the same
    strings once parsed, and no markup in the body should anything ever read it as HTML."""

    json_dumps_params = {"ensure_ascii": False}

    def render(self, request, data, *, response_status):
        teks = super().render(request, data, response_status=response_status)
        return teks.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


api = NinjaAPI(
    title="SAKIP API",
    version="1",
    description=(
        "API SAKIP v1: pengukuran kinerja, anggaran, realisasi indikator dan realisasi anggaran per OPD. "
        "Masuk dengan `Authorization: Bearer TOKEN` (token dibuat di /akun/token-api/) atau sesi peramban. "
        "Panduan: docs/api.md."
    ),
    urls_namespace="api",
    auth=[TokenBearer(), Sesi()],
    throttle=[BatasPengguna()],
    parser=ParserDesimal(),
    renderer=RendererAman(),
)

# ---------------------------------------------------------------- errors, in Bahasa Indonesia

PESAN_HTTP = {
    "Unauthorized": "Belum masuk: kirim token API yang masih berlaku (Authorization: Bearer <token>).",
    "CSRF check Failed": "Pemeriksaan CSRF gagal: permintaan tulis lewat sesi peramban memerlukan kepala X-CSRFToken.",
}


@api.exception_handler(Http404)
def _tidak_ada(request, exc):
    # The pages' own answer: out of reach looks exactly like not there.
    return api.create_response(request, {"detail": "Data tidak ditemukan."}, status=404)


@api.exception_handler(AuthenticationError)
def _belum_masuk(request, exc):
    response = api.create_response(request, {"detail": PESAN_HTTP["Unauthorized"]}, status=401)
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(Throttled)
def _terlalu_sering(request, exc):
    tunggu = int(exc.wait or 1)
    response = api.create_response(
        request, {"detail": f"Terlalu banyak permintaan; coba lagi dalam {tunggu} detik."}, status=429
    )
    response["Retry-After"] = str(tunggu)
    return response


@api.exception_handler(HttpError)
def _galat_http(request, exc):
    return api.create_response(request, {"detail": PESAN_HTTP.get(str(exc), str(exc))}, status=exc.status_code)


@api.exception_handler(ValidationError)
def _isian_tidak_sah(request, exc):
    galat = [{"lokasi": [str(x) for x in e.get("loc", ())], "pesan": str(e.get("msg", ""))} for e in exc.errors]
    return api.create_response(request, {"detail": "Isi permintaan tidak sah.", "galat": galat}, status=422)


# ---------------------------------------------------------------- helpers


def _opd(request, kode):
    return ambil_atau_404(OPD.objects.select_related("pemda"), request.user, kode=kode)


def _periode(teks, sah):
    teks = (teks or "").upper()
    if teks not in sah:
        raise Http404("Periode tidak dikenal.")
    return rumus.Periode(teks)


def _teks(nilai):
    return None if nilai is None else str(nilai)


def _boleh_tulis(request, opd):
    """403 for a role that may not write on the page (the grids' own rule, sakip.akses.Aksi.UBAH)."""
    if not boleh(request.user, Aksi.UBAH, opd):
        raise HttpError(403, "Anda tidak berwenang mengisi data OPD ini.")


class Galat(Schema):
    detail: str


# ---------------------------------------------------------------- measurement (read)


@api.get(
    "/opd/{kode}/pengukuran/{tahun:tahun}/{periode}/",
    url_name="pengukuran",
    tags=["pengukuran"],
    summary="Pengukuran kinerja satu OPD",
    response={200: dict, 404: Galat},
)
def pengukuran(request, kode: str, tahun: int, periode: str):
    """Sama dengan `python manage.py pengukuran --opd KODE --tahun YYYY --periode P --format json`."""
    opd = _opd(request, kode)
    periode = _periode(periode, list(rumus.Periode.__members__))
    try:
        return pengukuran_dict(ukur_opd(opd, tahun, periode))
    except PengukuranTidakTersedia as exc:
        raise HttpError(404, str(exc)) from None


# ---------------------------------------------------------------- budget (read)


@api.get(
    "/opd/{kode}/anggaran/{tahun:tahun}/",
    url_name="anggaran",
    tags=["anggaran"],
    summary="Ringkasan anggaran satu OPD",
    response={200: dict, 404: Galat},
)
def anggaran(request, kode: str, tahun: int, periode: str = "TW4"):
    """Sama dengan `python manage.py anggaran --opd KODE --tahun YYYY --periode P --format json`."""
    opd = _opd(request, kode)
    periode = _periode(periode, PERIODE_ANGGARAN)
    if not ItemAnggaran.objects.filter(opd=opd, tahun=tahun).exists():
        raise HttpError(404, f"Belum ada data anggaran {opd.nama} untuk tahun {tahun}.")
    return anggaran_dict(ringkas_anggaran(opd, tahun, periode))


# ---------------------------------------------------------------- indicator realisations (read, write)

MEDAN_REALISASI = ("nilai", "pembilang", "penyebut", "keterangan")
Nilai = Decimal | str | None


class SelRealisasi(Schema):
    """One indicator's changed cells. Each cell sent needs its value as last read in `semula`
    (null when it was empty); cells not sent stay as stored."""

    indikator: int
    nilai: Nilai = Field(None, description="Realisasi (angka), atau teks predikat untuk indikator predikat.")
    pembilang: Nilai = None
    penyebut: Nilai = None
    keterangan: str | None = Field(None, description="Keterangan data.")
    semula: dict[str, Nilai] = Field(
        description='Nilai tiap sel yang dikirim seperti terakhir dibaca dari GET, mis. {"nilai": "70.30"}.'
    )
    yakin: bool = Field(False, description="Nilai tidak wajar memang benar (seperti centang “Nilai ini benar”).")


class IsianRealisasi(Schema):
    realisasi: list[SelRealisasi] = Field(max_length=2000)


class HasilTulis(Schema):
    disimpan: int
    detail: str


# A number as the API takes it: ASCII digits, a point for decimals, no exponent, no grouping.
ANGKA = re.compile(r"-?[0-9]{1,18}(\.[0-9]{1,10})?")


def _angka_isian(nilai, lokasi):
    """A number of the request as typed into the grid ("78,35"), exactly: never rounded here, so the
    grid's own checks (decimal places, range) refuse what the page would refuse."""
    if nilai is None:
        return ""
    if isinstance(nilai, str):
        teks = nilai.strip()
        if not teks:
            return ""
    else:  # a JSON number, read as Decimal
        try:
            teks = format(nilai, "f") if nilai.is_finite() else ""
        except (InvalidOperation, ValueError, AttributeError):
            teks = ""
    if not ANGKA.fullmatch(teks):
        raise _galat_isian(
            lokasi, 'Bukan angka: tulis dengan titik desimal, mis. "78.35" (tanpa pemisah ribuan, tanpa eksponen).'
        )
    return teks.replace(".", ",")


def _teks_isian(nilai, lokasi):
    if nilai is None:
        return ""
    if not isinstance(nilai, str):
        raise _galat_isian(lokasi, "Harus teks.")
    return nilai


class _GalatIsian(Exception):
    def __init__(self, galat):
        self.galat = galat


def _galat_isian(lokasi, pesan):
    return _GalatIsian([{"lokasi": lokasi, "pesan": pesan}])


def _jawab_galat_isian(request, exc):
    return api.create_response(request, {"detail": "Isi permintaan tidak sah.", "galat": exc.galat}, status=422)


api.add_exception_handler(_GalatIsian, _jawab_galat_isian)


def _tolak_tertutup(exc):
    return HttpError(403, f"{exc} Tidak ada yang disimpan.")


def _jawab_hasil(request, hasil, kunci, pesan_berhasil):
    """The answer of a grid save (sakip.isian.HasilIsian): 200, 409 with the conflicting cells, or 422."""
    if hasil.berhasil:
        pesan = pesan_berhasil if hasil.disimpan else "Tidak ada yang berubah; tidak ada yang disimpan."
        return Status(200, {"disimpan": hasil.disimpan, "detail": pesan})
    if hasil.pesan:
        raise HttpError(403, " ".join(hasil.pesan) + " Tidak ada yang disimpan.")
    if hasil.konflik:
        return Status(
            409,
            {
                "detail": (
                    f"{len(hasil.konflik)} baris diubah orang lain sejak dibaca; tidak ada yang disimpan. "
                    "Baca lagi, periksa nilai tersimpan, lalu kirim dengan semula yang baru."
                ),
                "konflik": [
                    {kunci: _id(b), "medan": k.medan, "tersimpan": _teks(k.tersimpan), "isian": _teks(k.isian)}
                    for b in hasil.konflik
                    for k in b.konflik
                ],
            },
        )
    data = {"detail": "", "galat": [{kunci: _id(b), "pesan": list(b.galat)} for b in hasil.galat]}
    if hasil.galat:
        data["detail"] = f"{len(hasil.galat)} baris berisi isian yang belum benar; tidak ada yang disimpan."
    if hasil.perlu_yakin:
        data["peringatan"] = [{kunci: _id(b), "pesan": list(b.peringatan)} for b in hasil.perlu_yakin]
        data["detail"] = (data["detail"] + " " if data["detail"] else "") + (
            f'{len(hasil.perlu_yakin)} baris berisi nilai tidak wajar; kirim lagi dengan "yakin": true bila memang '
            "benar. Tidak ada yang disimpan."
        )
    return Status(422, data)


def _id(baris):
    simpul = getattr(baris, "simpul", None)
    return simpul.item.id if simpul is not None else baris.indikator.id


@api.get(
    "/opd/{kode}/realisasi/{tahun:tahun}/{periode}/",
    url_name="realisasi",
    tags=["realisasi"],
    summary="Realisasi indikator satu periode (isi grid realisasi)",
    response={200: dict, 404: Galat},
)
def realisasi(request, kode: str, tahun: int, periode: str):
    """The rows of the realisation grid: each indicator with its target, the values stored for
    exactly this period (what a write sends back as `semula`), capaian, and whether it can be
    written now."""

    opd = _opd(request, kode)
    periode = _periode(periode, PERIODE_ENTRI)
    try:
        _pengukuran, baris = baris_entri(opd, tahun, periode, dengan_form=False)
    except PengukuranTidakTersedia as exc:
        raise HttpError(404, str(exc)) from None
    peta = PetaKunci.baca([opd.pk], tahun)
    tertutup = pesan_tertutup(opd, tahun, periode, peta) or pesan_jendela(opd, tahun, periode)
    boleh_isi = not tertutup and boleh(request.user, Aksi.UBAH, opd)
    if boleh_isi:
        tandai_terkunci(baris, peta, tahun, periode.value)
    hasil = []
    for b in baris:
        ind, r = b.indikator, b.realisasi
        hasil.append(
            {
                "indikator": ind.id,
                "nama": ind.nama,
                "satuan": ind.satuan,
                "predikat": bool(ind.predikat),
                "komponen_dari": b.komponen_dari.id if b.komponen_dari is not None else None,
                "target": b.target_teks or _teks(b.target),
                "target_atas": _teks(b.target_atas),
                "nilai": (r.nilai_teks or None) if ind.predikat and r else _teks(r.nilai if r else None),
                "pembilang": _teks(r.pembilang if r else None),
                "penyebut": _teks(r.penyebut if r else None),
                "keterangan": (r.keterangan_data or None) if r else None,
                "capaian": _teks(b.capaian.nilai) if b.capaian else None,
                "kategori": b.capaian.kategori if b.capaian else None,
                "bukti": b.jumlah_bukti,
                "terkunci": b.terkunci,
            }
        )
    return {
        "opd": opd.kode,
        "tahun": tahun,
        "periode": periode.value,
        "boleh_isi": bool(boleh_isi),
        "tertutup": tertutup,
        "indikator": hasil,
    }


@api.patch(
    "/opd/{kode}/realisasi/{tahun:tahun}/{periode}/",
    url_name="realisasi",
    tags=["realisasi"],
    summary="Mengisi realisasi indikator (sel yang berubah saja)",
    response={200: HasilTulis, 403: Galat, 404: Galat, 409: dict, 422: dict},
)
def isi_realisasi(request, kode: str, tahun: int, periode: str, isian: IsianRealisasi):
    """The grid's own save (kinerja.entri.simpan_grid): only the cells sent, each against its
    `semula`; all or nothing. A cell changed by someone else since `semula` was read: 409 with
    the conflicting cells. A frozen period or a role that may not write: 403."""
    opd = _opd(request, kode)
    periode = _periode(periode, PERIODE_ENTRI)
    _boleh_tulis(request, opd)
    ids = [s.indikator for s in isian.realisasi]
    if len(set(ids)) != len(ids):
        raise _galat_isian(["realisasi"], "Satu indikator hanya boleh muncul sekali.")
    predikat = {
        i: jenis == Indikator.JenisNilai.PREDIKAT
        for i, jenis in Indikator.objects.filter(opd=opd, id__in=ids).values_list("id", "jenis_nilai")
    }
    data = QueryDict(mutable=True)
    galat = []
    for i, sel in enumerate(isian.realisasi):
        lokasi = ["realisasi", str(i)]
        if sel.indikator not in predikat:
            galat.append(
                {"lokasi": [*lokasi, "indikator"], "pesan": f"Indikator {sel.indikator} tidak ada di OPD ini."}
            )
            continue
        awalan = f"r-{sel.indikator}"
        dikirim = [m for m in MEDAN_REALISASI if m in sel.model_fields_set]
        if not dikirim:
            galat.append(
                {"lokasi": lokasi, "pesan": "Tidak ada sel yang dikirim (nilai, pembilang, penyebut, keterangan)."}
            )
        try:
            for m in dikirim:
                if m not in sel.semula:
                    raise _galat_isian(
                        [*lokasi, "semula", m],
                        f"Kirim semula.{m}: nilai {m} seperti terakhir dibaca (null bila kosong).",
                    )
                teks = m == "keterangan" or (m == "nilai" and predikat[sel.indikator])
                ubah = _teks_isian if teks else _angka_isian
                data[f"{awalan}-{m}"] = ubah(getattr(sel, m), [*lokasi, m])
                data[f"initial-{awalan}-{m}"] = ubah(sel.semula[m], [*lokasi, "semula", m])
        except _GalatIsian as exc:
            galat += exc.galat
        if sel.yakin:
            data[f"{awalan}-yakin"] = "on"
    if galat:
        raise _GalatIsian(galat)
    try:
        hasil = simpan_grid(request.user, opd, tahun, periode.value, data)
    except GalatAlur as exc:
        raise _tolak_tertutup(exc) from None
    except PengukuranTidakTersedia as exc:
        raise HttpError(404, str(exc)) from None
    return _jawab_hasil(request, hasil, "indikator", f"Tersimpan: {hasil.disimpan} realisasi diperbarui.")


# ---------------------------------------------------------------- budget realisation (read, write)


def _triwulan(triwulan):
    if triwulan not in (1, 2, 3, 4):
        raise Http404("Triwulan tidak dikenal.")
    return triwulan


class SelAnggaran(Schema):
    """The cumulative spending of one leaf item up to the end of the quarter (Rupiah); null clears
    the quarter's figure. `semula` is the figure as last read (null when there was none)."""

    item: int
    nilai: Nilai
    semula: Nilai


class IsianAnggaran(Schema):
    realisasi: list[SelAnggaran] = Field(max_length=5000)


@api.get(
    "/opd/{kode}/anggaran/{tahun:tahun}/realisasi/{int:triwulan}/",
    url_name="anggaran_realisasi",
    tags=["anggaran"],
    summary="Realisasi anggaran s.d. satu triwulan (isi grid realisasi anggaran)",
    response={200: dict, 404: Galat},
)
def realisasi_anggaran(request, kode: str, tahun: int, triwulan: int):
    """Every leaf item with its pagu and the figure stored for exactly this quarter (the `semula`
    of a write); `realisasi` is the cumulative figure the reports use (carried forward)."""
    opd = _opd(request, kode)
    triwulan = _triwulan(triwulan)
    if not ItemAnggaran.objects.filter(opd=opd, tahun=tahun).exists():
        raise HttpError(404, f"Belum ada data anggaran {opd.nama} untuk tahun {tahun}.")
    _ringkasan, baris = baris_grid(opd, tahun, triwulan)
    boleh_isi, tertutup = boleh(request.user, Aksi.UBAH, opd), None
    if boleh_isi:
        try:
            periksa_boleh_isi_anggaran(request.user, opd, tahun, triwulan)
        except GalatAlur as exc:
            boleh_isi, tertutup = False, str(exc)
    item = [
        {
            "item": b.simpul.item.id,
            "kode": b.simpul.item.kode,
            "nama": b.simpul.item.nama,
            "pagu": _teks(b.simpul.pagu),
            "nilai": _teks(b.form.initial.get("nilai")),
            "realisasi": _teks(b.simpul.realisasi),
        }
        for b in baris
        if b.form is not None
    ]
    return {
        "opd": opd.kode,
        "tahun": tahun,
        "triwulan": triwulan,
        "boleh_isi": bool(boleh_isi),
        "tertutup": tertutup,
        "item": item,
    }


@api.patch(
    "/opd/{kode}/anggaran/{tahun:tahun}/realisasi/{int:triwulan}/",
    url_name="anggaran_realisasi",
    tags=["anggaran"],
    summary="Mengisi realisasi anggaran s.d. satu triwulan (angka yang berubah saja)",
    response={200: HasilTulis, 403: Galat, 404: Galat, 409: dict, 422: dict},
)
def isi_realisasi_anggaran(request, kode: str, tahun: int, triwulan: int, isian: IsianAnggaran):
    """The budget grid's own save (anggaran.entri.simpan_realisasi_anggaran): the rules of every
    door, the frozen quarters, and the conflict check per figure (409)."""
    opd = _opd(request, kode)
    triwulan = _triwulan(triwulan)
    _boleh_tulis(request, opd)
    ids = [s.item for s in isian.realisasi]
    if len(set(ids)) != len(ids):
        raise _galat_isian(["realisasi"], "Satu item hanya boleh muncul sekali.")
    ada = set(ItemAnggaran.objects.filter(opd=opd, tahun=tahun, id__in=ids).values_list("id", flat=True))
    induk = set(ItemAnggaran.objects.filter(induk_id__in=ada).values_list("induk_id", flat=True))
    data = QueryDict(mutable=True)
    galat = []
    for i, sel in enumerate(isian.realisasi):
        lokasi = ["realisasi", str(i)]
        if sel.item not in ada:
            galat.append(
                {"lokasi": [*lokasi, "item"], "pesan": f"Item {sel.item} tidak ada di anggaran OPD ini tahun ini."}
            )
            continue
        if sel.item in induk:
            galat.append(
                {"lokasi": [*lokasi, "item"], "pesan": "Realisasi diisi pada item terbawah; induknya dijumlahkan."}
            )
            continue
        try:
            data[f"ra-{sel.item}-nilai"] = _rupiah_isian(sel.nilai, [*lokasi, "nilai"])
            data[f"initial-ra-{sel.item}-nilai"] = _rupiah_isian(sel.semula, [*lokasi, "semula"])
        except _GalatIsian as exc:
            galat += exc.galat
    if galat:
        raise _GalatIsian(galat)
    try:
        hasil = simpan_realisasi_anggaran(request.user, opd, tahun, triwulan, data)
    except GalatAlur as exc:
        raise _tolak_tertutup(exc) from None
    periode = rumus.Periode.dari_triwulan(triwulan)
    return _jawab_hasil(
        request, hasil, "item", f"Realisasi anggaran s.d. {periode.label} tersimpan: {hasil.disimpan} baris berubah."
    )


def _rupiah_isian(nilai, lokasi):
    """A Rupiah amount of the request as the budget grid's input shows it (grouped: "1.250.000,50")."""
    return _angka_isian(nilai, lokasi)


# ---------------------------------------------------------------- LKE (read)


@api.get(
    "/opd/{kode}/lke/{tahun:tahun}/",
    url_name="lke",
    tags=["lke"],
    summary="LKE satu OPD dan tahun: jawaban, nilai dan predikat",
    response={200: dict, 403: Galat, 404: Galat},
)
def lke(request, kode: str, tahun: int, jawaban: str | None = None):
    """Sama dengan `python manage.py lke --opd KODE --tahun YYYY --jawaban SISI --format json`
    (lke.ringkas.ringkas_lke). The evaluator's answers (`berlaku`, `penetapan`) only for whom the
    LKE page shows them (lke.alur.lihat_penetapan: the evaluator, or the office once final);
    others get the office's side (`usulan`) by default, or `otomatis`."""
    opd = _opd(request, kode)
    lihat = lihat_penetapan(request.user, opd, EvaluasiLKE.objects.filter(opd=opd, tahun=tahun).first())
    sah = SISI if lihat else ("usulan", "otomatis")
    jawaban = jawaban or ("berlaku" if lihat else "usulan")
    if jawaban not in SISI:
        raise _galat_isian(["query", "jawaban"], f"Pilih salah satu: {', '.join(sah)}.")
    if jawaban not in sah:
        raise HttpError(403, "Jawaban evaluator baru dapat dilihat OPD setelah evaluasi final.")
    try:
        return ringkas_lke(opd, tahun, jawaban)
    except TidakAdaLKE as exc:
        raise HttpError(404, str(exc)) from None


# ---------------------------------------------------------------- review findings (read)


@api.get(
    "/opd/{kode}/reviu/{tahun:tahun}/{periode}/",
    url_name="reviu",
    tags=["reviu"],
    summary="Temuan pemeriksaan data satu OPD dan periode",
    response={200: dict, 404: Galat},
)
def reviu(request, kode: str, tahun: int, periode: str):
    """Sama dengan `python manage.py periksa_data --opd KODE --tahun YYYY --periode P --format json`
    (reviu.pemeriksaan.periksa_opd): the data checks as they stand now, for whoever may open the
    office's review workspace."""
    opd = _opd(request, kode)
    periode = _periode(periode, list(rumus.Periode.__members__))
    return {"temuan": [asdict(t) for t in periksa_opd(opd, tahun, periode.value)]}
