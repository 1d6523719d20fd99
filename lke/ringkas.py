"""The LKE of an office-year as one JSON-ready structure (`python manage.py lke`).

Each criterion carries the answer in force on the chosen side: `berlaku` (default) takes the
evaluator's answer, else the office's, else the proposal from the data; `penetapan`, `usulan` and
`otomatis` take that side alone. The score and predikat are those of the answers shown, computed
by `lke.nilai.hitung_nilai` (sakip.rumus.nilai_lke), numbers as strings of their Decimal.
"""

from __future__ import annotations

from .kerangka import pohon
from .models import BuktiLKE, EvaluasiLKE, JawabanLKE, LembarKerja
from .nilai import hitung_nilai, semua_kriteria
from .otomatis import DataLKE, usulan_semua

SISI = ("berlaku", "penetapan", "usulan", "otomatis")


class TidakAdaLKE(LookupError):
    """No LKE for the office's Pemda and year (message in Bahasa Indonesia)."""


def _angka(nilai):
    teks = format(nilai, "f")
    return teks.rstrip("0").rstrip(".") if "." in teks else teks


def _bukti(daftar):
    return "; ".join(f"{b.keterangan} ({b.tautan})" if b.tautan else f"{b.keterangan or b.nama_berkas}" for b in daftar)


def ringkas_lke(opd, tahun: int, sisi: str = "berlaku") -> dict:
    if sisi not in SISI:
        raise ValueError(f"Sisi jawaban {sisi!r} tidak dikenal; pilih {', '.join(SISI)}.")
    lembar = LembarKerja.objects.filter(pemda_id=opd.pemda_id, tahun=tahun).first()
    if lembar is None:
        raise TidakAdaLKE(f"LKE tahun {tahun} belum disiapkan untuk {opd.pemda}.")
    evaluasi = EvaluasiLKE.objects.filter(opd=opd, tahun=tahun).first()
    struktur = pohon(lembar)
    kriteria = semua_kriteria(struktur)
    jawaban = (
        {j.kriteria_id: j for j in JawabanLKE.objects.filter(evaluasi=evaluasi).select_related("usulan", "penetapan")}
        if evaluasi
        else {}
    )
    bukti = {}
    for b in BuktiLKE.objects.filter(jawaban__evaluasi=evaluasi).order_by("diunggah_pada", "id") if evaluasi else []:
        bukti.setdefault(b.jawaban_id, []).append(b)
    usulan = usulan_semua(kriteria, DataLKE(opd, tahun, lembar.tenggat_lkjip))

    def pilihan(c):
        j, u = jawaban.get(c.id), usulan.get(c.id)
        otomatis = u.pilihan if u else None
        if sisi == "penetapan":
            return (j.penetapan if j else None), "penetapan"
        if sisi == "usulan":
            return (j.usulan if j else None), "usulan"
        if sisi == "otomatis":
            return otomatis, "otomatis"
        if j and j.penetapan_id:
            return j.penetapan, "penetapan"
        if j and j.usulan_id:
            return j.usulan, "usulan"
        return otomatis, "otomatis" if otomatis else None

    dipilih = {c.id: pilihan(c) for c in kriteria}
    hasil = hitung_nilai(lembar, struktur, {k: p for k, (p, _) in dipilih.items()})
    komponen = []
    for k, hk in zip(struktur, hasil.komponen, strict=True):
        sub = []
        for s, hs in zip(k.subkomponen_set.all(), hk.subkomponen, strict=True):
            butir = []
            for c in s.kriteria_set.all():
                p, sumber = dipilih[c.id]
                j, u = jawaban.get(c.id), usulan.get(c.id)
                tersimpan = bukti.get(j.id, []) if j else []
                butir.append(
                    {
                        "kode": c.kode,
                        "uraian": c.uraian,
                        "jawaban": p.kode if p else None,
                        "sumber": sumber,
                        "otomatis": u is not None,
                        "usulan_otomatis": u.pilihan.kode if u and u.pilihan else None,
                        "alasan_otomatis": u.alasan if u else None,
                        "bukti": _bukti(tersimpan) or (u.teks_bukti if u and sumber == "otomatis" else ""),
                    }
                )
            sub.append(
                {"kode": s.kode, "nama": s.nama, "bobot": _angka(s.bobot), "nilai": str(hs.nilai), "kriteria": butir}
            )
        komponen.append(
            {"kode": k.kode, "nama": k.nama, "bobot": _angka(k.bobot), "nilai": str(hk.nilai), "subkomponen": sub}
        )
    return {
        "opd": opd.kode,
        "nama_opd": opd.nama,
        "tahun": tahun,
        "status": evaluasi.status if evaluasi else None,
        "jawaban": sisi,
        "nilai": str(hasil.nilai),
        "predikat": hasil.kode_predikat,
        "predikat_label": hasil.predikat.label if hasil.predikat else None,
        "jumlah_kriteria": hasil.jumlah_kriteria,
        "belum_dijawab": hasil.belum_dijawab,
        "komponen": komponen,
    }


def teks_lke(data: dict) -> str:
    """The same structure as plain text, one line per criterion."""
    baris = [
        f"LKE {data['tahun']} {data['nama_opd']} ({data['opd']}) — jawaban {data['jawaban']}, "
        f"status {data['status'] or 'belum dimulai'}",
        f"Nilai {data['nilai'].replace('.', ',')} · predikat {data['predikat'] or '-'}"
        + (f" ({data['predikat_label']})" if data["predikat_label"] else "")
        + f" · {data['belum_dijawab']} dari {data['jumlah_kriteria']} kriteria belum dijawab",
        "",
    ]
    for k in data["komponen"]:
        baris.append(f"{k['kode']}. {k['nama']}  bobot {k['bobot']}  nilai {k['nilai'].replace('.', ',')}")
        for s in k["subkomponen"]:
            baris.append(f"  {s['kode']} {s['nama']}  bobot {s['bobot']}  nilai {s['nilai'].replace('.', ',')}")
            for c in s["kriteria"]:
                tanda = " [data]" if c["otomatis"] else ""
                baris.append(f"    {c['kode']:<7} {c['jawaban'] or '-':<2} {c['uraian']}{tanda}")
    return "\n".join(baris) + "\n"
