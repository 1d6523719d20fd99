"""Text written from the report's own figures: generated paragraphs and narrative drafts.

Every sentence is made from the chapter data of this year (never from last year's text), so a
draft an office has not yet rewritten still states only what the numbers say.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from sakip.formatting import (
    KOSONG,
    desimal_rupiah,
    format_angka,
    format_nilai,
    format_persen,
    format_rupiah,
    format_tanggal,
)

if TYPE_CHECKING:
    from .bab.konteks import Konteks
    from .data import (
        BarisStruktur,
        IndikatorLaporan,
        Nilai,
        Perubahan,
        Rekap,
        RekapCascade,
        SasaranLaporan,
        UnsurIKM,
    )

PERPRES_SAKIP = "Peraturan Presiden Nomor 29 Tahun 2014 tentang Sistem Akuntabilitas Kinerja Instansi Pemerintah"
PERMENPANRB_53 = (
    "Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Nomor 53 Tahun 2014 tentang "
    "Petunjuk Teknis Perjanjian Kinerja, Pelaporan Kinerja dan Tata Cara Reviu atas Laporan Kinerja Instansi "
    "Pemerintah"
)


def angka(teks: Nilai, presisi: int | None = None) -> str:
    """A measured value as the tables print it: 79.143 -> "79,143", at most `presisi` decimals
    (72.717149, 2 -> "72,72"); text predicates pass through."""
    if teks is None:
        return KOSONG
    try:
        return format_nilai(teks if isinstance(teks, Decimal) else Decimal(teks), presisi)
    except ArithmeticError:
        return teks


def persen(teks: Decimal | None) -> str:
    return KOSONG if teks is None else format_persen(teks)


def rupiah(teks: Decimal | None) -> str:
    """Rp with sen only when there are any: Rp 1.234.567; Rp 3.574.107.185,33."""
    return KOSONG if teks is None else format_rupiah(teks, desimal_rupiah(teks))


def dengan_satuan(teks: Nilai, satuan: str, presisi: int | None = None) -> str:
    """ "98" + "%" -> "98 %"; "14" + "OPD" -> "14 OPD"; an index or score stays a bare number."""
    if teks is None:
        return KOSONG
    if satuan in ("Nilai", "Indeks", "Predikat", ""):
        return angka(teks, presisi)
    return f"{angka(teks, presisi)} {satuan}"


def nilai_dari(i: IndikatorLaporan, teks: Nilai) -> str:
    """A value of indicator row `i` with its unit, at its precision."""
    return dengan_satuan(teks, i.satuan, i.presisi)


def daftar_kata(butir):
    """["a", "b", "c"] -> "a, b dan c"."""
    butir = list(butir)
    if len(butir) < 2:
        return "".join(butir)
    return ", ".join(butir[:-1]) + " dan " + butir[-1]


def _kategori(teks, kategori):
    return f"{persen(teks)} (kategori {kategori})" if kategori else persen(teks)


def nama_laporan(k, opd=True):
    """ "Laporan Kinerja Instansi Pemerintah (LKjIP) <office> Tahun YYYY" or "Laporan Kinerja <office> Triwulan III
    Tahun YYYY"."""
    judul = "Laporan Kinerja Instansi Pemerintah (LKjIP)" if k.tahunan else "Laporan Kinerja"
    return f"{judul} {k.opd.nama} {k.periode_judul}" if opd else f"{judul} {k.periode_judul}"


def judul_pk(perjanjian):
    """ "Perjanjian Kinerja Tahun YYYY", "Perjanjian Kinerja Perubahan 1 Tahun YYYY"."""
    return f"{perjanjian.label_versi.replace('PK', 'Perjanjian Kinerja')} Tahun {perjanjian.tahun}"


def jabatan_lengkap(nama_jabatan, nama_opd):
    """ "Kepala Dinas" + "Dinas Kependudukan ..." -> "Kepala Dinas Kependudukan ..." (no doubled word)."""
    kata = nama_jabatan.split()
    if kata and nama_opd.lower().startswith(kata[-1].lower() + " "):
        return " ".join(kata[:-1] + [nama_opd])
    return f"{nama_jabatan} {nama_opd}"


def nama_wilayah(pemda):
    """ "Kabupaten Luwu Timur" -> "Luwu Timur" (the name after the level word)."""
    awalan = pemda.get_tingkat_display() + " "
    return pemda.nama[len(awalan) :] if pemda.nama.startswith(awalan) else pemda.nama


def kepala_daerah(pemda):
    """ "Bupati Luwu Timur", "Wali Kota Dumai"."""
    return f"{pemda.sebutan_kepala_daerah} {nama_wilayah(pemda)}"


# --------------------------------------------------------------------------- front matter


def kata_pengantar(k: Konteks) -> list[str]:
    perjanjian = k.pengukuran.perjanjian
    singkatan = k.singkatan
    return [
        f"Puji syukur kami panjatkan ke hadirat Tuhan Yang Maha Esa atas rahmat dan karunia-Nya sehingga "
        f"{nama_laporan(k)} dapat diselesaikan.",
        f"Laporan ini disusun berdasarkan {PERPRES_SAKIP} dan {PERMENPANRB_53}, sebagai pertanggungjawaban atas "
        f"pelaksanaan {judul_pk(perjanjian)} yang ditandatangani "
        f"pada {format_tanggal(perjanjian.tanggal)}.",
        f"Pada {k.periode_teks}, {len(k.semua_indikator)} indikator kinerja dari {len(k.sasaran)} sasaran "
        f"strategis mencapai capaian rata-rata {_kategori(k.capaian, k.kategori)}, dengan realisasi "
        f"anggaran {rupiah(k.realisasi_anggaran)} dari pagu {rupiah(k.pagu)} "
        f"(serapan {persen(k.serapan)}).",
        f"Semoga laporan ini bermanfaat sebagai bahan evaluasi dan perbaikan kinerja {singkatan} "
        f"{'pada tahun berikutnya' if k.tahunan else 'pada triwulan berikutnya'}, serta sebagai wujud "
        f"akuntabilitas kepada masyarakat.",
    ]


def _kalimat_rekap(rekap: Rekap) -> str:
    teks = (
        f"{rekap.mencapai_100} indikator mencapai atau melampaui target dan {rekap.di_bawah_100} "
        f"indikator belum mencapai target"
    )
    if rekap.tanpa_capaian:
        teks += f"; {rekap.tanpa_capaian} indikator belum memiliki data realisasi"
    return teks + "."


def _kalimat_cascade(k: Konteks, c: RekapCascade) -> str:
    """The counts over every PK in force (the head's and those below), and the mean per eselon."""
    teks = (
        f"Pengukuran seluruh {c.jumlah_perjanjian} Perjanjian Kinerja yang berlaku, dari "
        f"{k.pengukuran.perjanjian.jabatan.nama} sampai pejabat eselon di bawahnya, mencakup "
        f"{c.jumlah_indikator} indikator kinerja: {c.mencapai_100} mencapai atau melampaui target dan "
        f"{c.di_bawah_100} belum mencapai target"
    )
    if c.tanpa_capaian:
        teks += f"; {c.tanpa_capaian} belum memiliki data realisasi"
    if c.per_kategori:
        teks += " (" + ", ".join(f"{n.kategori} {n.jumlah}" for n in c.per_kategori if n.jumlah) + ")"
    teks += ". Rata-rata capaian per eselon: " + daftar_kata(
        f"Eselon {e.eselon} {persen(e.capaian)} ({e.jumlah} PK)" for e in c.eselon
    )
    return teks + "."


def _kalimat_ekstrem(rekap: Rekap) -> str | None:
    if not rekap.terbaik:
        return None
    return (
        f"Capaian tertinggi pada indikator {daftar_kata(rekap.terbaik)} ({persen(rekap.capaian_terbaik)}) "
        f"dan terendah pada indikator {daftar_kata(rekap.terendah)} ({persen(rekap.capaian_terendah)})."
    )


def _kalimat_anggaran(k: Konteks, rekap: Rekap) -> str:
    if not rekap.pagu:
        return f"Belum ada pagu anggaran {k.periode_teks}, sehingga efisiensi penggunaan sumber daya tidak dihitung."
    teks = (
        f"Pagu anggaran sebesar {rupiah(rekap.pagu)} terealisasi {rupiah(rekap.realisasi)} "
        f"(serapan {persen(rekap.serapan)})"
    )
    if rekap.efisiensi is not None:
        teks += (
            f"; dibandingkan dengan capaian kinerja rata-rata, tingkat efisiensi penggunaan sumber daya "
            f"{angka(rekap.efisiensi)} ({rekap.kategori_efisiensi.lower()})"
        )
    return teks + "."


def ikhtisar(k: Konteks, rekap: Rekap) -> list[str]:
    perjanjian = k.pengukuran.perjanjian
    renstra = ""
    if k.renstra:
        renstra = (
            f", tahun ke-{k.tahun - k.renstra.tahun_mulai + 1} pelaksanaan Rencana Strategis "
            f"{k.renstra.tahun_mulai}–{k.renstra.tahun_selesai}"
        )
    paragraf = [
        f"{nama_laporan(k)} menyajikan capaian atas "
        f"{judul_pk(perjanjian)} yang memuat "
        f"{rekap.jumlah_sasaran} sasaran strategis dengan {rekap.jumlah_indikator} indikator kinerja"
        f"{renstra}.",
        f"Capaian kinerja rata-rata {k.periode_teks} sebesar {_kategori(k.capaian, k.kategori)}. "
        + _kalimat_rekap(rekap),
    ]
    if ekstrem := _kalimat_ekstrem(rekap):
        paragraf.append(ekstrem)
    paragraf.append(_kalimat_anggaran(k, rekap))
    return paragraf


# --------------------------------------------------------------------------- Bab I drafts


def latar_belakang(k: Konteks) -> str:
    perjanjian = k.pengukuran.perjanjian
    renstra = ""
    if k.renstra:
        renstra = (
            f" dan tahun ke-{k.tahun - k.renstra.tahun_mulai + 1} pelaksanaan Rencana Strategis "
            f"{k.renstra.tahun_mulai}–{k.renstra.tahun_selesai}"
        )
    berikut = f"tahun {k.tahun + 1}" if k.tahunan else "triwulan berikutnya"
    return "\n\n".join(
        [
            f"{PERPRES_SAKIP} mewajibkan setiap instansi pemerintah mempertanggungjawabkan pelaksanaan tugas dan "
            f"fungsinya melalui laporan kinerja. {PERMENPANRB_53} mengatur bentuk dan isi laporan tersebut.",
            f"{k.opd.nama} menyusun {nama_laporan(k, opd=False)} sebagai pertanggungjawaban atas "
            f"{judul_pk(perjanjian)}{renstra}. Laporan ini mengukur "
            f"{len(k.semua_indikator)} indikator kinerja dari {len(k.sasaran)} sasaran strategis.",
            f"Laporan ini memberikan informasi kinerja yang terukur kepada {kepala_daerah(k.opd.pemda)} dan "
            f"masyarakat, serta menjadi bahan evaluasi untuk meningkatkan kinerja pada {berikut}.",
        ]
    )


def tugas_fungsi(k: Konteks, struktur: list[BarisStruktur]) -> str:
    if not struktur:
        return f"{k.opd.nama} merupakan perangkat daerah {k.opd.pemda.nama}."
    kepala = struktur[0].nama
    unit = [j.nama for j in struktur if j.tingkat == 1]
    teks = (
        f"{k.opd.nama} dipimpin oleh seorang {kepala} yang berkedudukan di bawah dan bertanggung jawab kepada "
        f"{kepala_daerah(k.opd.pemda)} melalui Sekretaris Daerah."
    )
    if unit:
        teks += f"\n\nSusunan organisasi terdiri atas {kepala}, {daftar_kata(unit)}."
    return teks


def isu_strategis(k: Konteks) -> str:
    belum = [i for i in k.semua_indikator if i.tercapai is False]
    baris = [
        f"{n}. {i.nama}: realisasi {nilai_dari(i, i.realisasi)} dari target "
        f"{nilai_dari(i, i.target)} (capaian {persen(i.capaian)})."
        for n, i in enumerate(belum, 1)
    ]
    if baris:
        return (
            f"Berdasarkan hasil pengukuran kinerja {k.periode_teks}, isu strategis yang perlu mendapat perhatian "
            f"adalah indikator yang belum mencapai target:\n" + "\n".join(baris)
        )
    teks = f"Berdasarkan hasil pengukuran kinerja {k.periode_teks}, seluruh indikator kinerja mencapai target."
    akhir = [i for i in k.semua_indikator if i.kemajuan.label == "Belum Tercapai"]
    if akhir:
        teks += (
            " Tantangan ke depan adalah mencapai target akhir Rencana Strategis pada indikator "
            + daftar_kata(
                f"{i.nama} (target {nilai_dari(i, i.target_akhir)} pada tahun {i.tahun_akhir})" for i in akhir
            )
            + "."
        )
    else:
        teks += " Tantangan ke depan adalah mempertahankan capaian tersebut hingga akhir periode Rencana Strategis."
    return teks


# --------------------------------------------------------------------------- Bab III sentences


def penyebab(k: Konteks, i: IndikatorLaporan) -> str:
    """Draft of an indicator's causes and solutions: what the figures show, the budget behind it, the next target."""
    if i.capaian is None:
        bagian = [f"Realisasi {i.nama} {k.periode_teks} belum tersedia, sehingga capaian belum dapat dihitung."]
    else:
        catatan = []
        if i.pembilang is not None and i.label_pembilang:
            catatan.append(f"{angka(i.pembilang)} {i.label_pembilang} dari {angka(i.penyebut)} {i.label_penyebut}")
        if i.keterangan_data:
            catatan.append(i.keterangan_data)
        keterangan = f" ({'; '.join(catatan)})" if catatan else ""
        bagian = [
            f"Realisasi {i.nama} {k.periode_teks} sebesar {nilai_dari(i, i.realisasi)}{keterangan} "
            f"terhadap target {nilai_dari(i, i.target)}, sehingga capaian "
            f"{_kategori(i.capaian, i.kategori)}. Target "
            f"{'tercapai' if i.tercapai else 'belum tercapai'}."
        ]
    if i.perubahan:
        lalu = i.tahun_lalu
        bagian.append(
            f"Dibandingkan tahun {lalu.tahun} ({nilai_dari(i, lalu.realisasi)}), realisasi {_perubahan(i.perubahan)}."
        )
    e = i.efisiensi
    if i.program and e and e.serapan is not None:
        bagian.append(
            f"Pencapaian ini didukung oleh {daftar_kata(i.program)} dengan realisasi anggaran "
            f"{rupiah(e.realisasi_anggaran)} dari pagu {rupiah(e.pagu)} (serapan {persen(e.serapan)})."
        )
    if i.target_berikut:
        t = i.target_berikut
        langkah = "Capaian ini dipertahankan" if i.tercapai else "Upaya perbaikan diarahkan"
        bagian.append(f"{langkah} agar target tahun {t.tahun} sebesar {nilai_dari(i, t.target)} tercapai.")
    elif i.tahun_akhir and i.target_akhir is not None:
        bagian.append(
            f"Target akhir Rencana Strategis pada tahun {i.tahun_akhir} sebesar {nilai_dari(i, i.target_akhir)}."
        )
    return "\n\n".join(bagian)


def _selisih(i: IndikatorLaporan) -> str | None:
    """How far the realisasi falls short of the target, with its unit ("0,70 %"), or None (a
    predicate, a range, a missing value)."""
    if not isinstance(i.target, Decimal) or not isinstance(i.realisasi, Decimal) or i.target_atas is not None:
        return None
    if i.arah not in ("naik", "turun"):
        return None
    kurang = i.target - i.realisasi if i.arah == "naik" else i.realisasi - i.target
    return nilai_dari(i, kurang) if kurang > 0 else None


def penyebab_tabel(k: Konteks, i: IndikatorLaporan) -> str:
    """Draft of the causes and solutions column of the table set (Tabel 1h): the table already
    shows target and realisasi, so the draft says why (the gap, last year's movement, the budget
    behind it, the data used) and what is done next. Only figures of the report, no placeholders."""
    if i.capaian is None:
        return (
            f"Realisasi {k.periode_teks} belum tersedia, sehingga penyebab keberhasilan atau kegagalan belum "
            f"dapat dianalisis."
        )
    e = i.efisiensi
    program = daftar_kata(i.program) if i.program else None
    didukung = (
        f"pelaksanaan {program} dengan serapan anggaran {persen(e.serapan)}"
        if program and e and e.serapan is not None
        else None
    )
    lalu = i.tahun_lalu
    gerak = (
        f"realisasi {_perubahan(i.perubahan)} dibandingkan tahun {lalu.tahun}"
        if i.perubahan and lalu and i.perubahan.label != "Tetap"
        else None
    )
    if i.tercapai:
        faktor = [x for x in (didukung, gerak) if x]
        penyebab = f"Target tercapai (capaian {persen(i.capaian)})" + (
            f", didukung oleh {daftar_kata(faktor)}." if faktor else "."
        )
    else:
        selisih = _selisih(i)
        penyebab = f"Target belum tercapai (capaian {persen(i.capaian)})" + (
            f": realisasi masih kurang {selisih} dari target." if selisih else "."
        )
        faktor = []
        if e and e.serapan is not None and e.serapan < 100:
            faktor.append(f"anggaran pendukung belum terserap penuh (serapan {persen(e.serapan)})")
        if i.perubahan and i.perubahan.membaik is False and lalu:
            faktor.append(f"realisasi {_perubahan(i.perubahan)} dibandingkan tahun {lalu.tahun}")
        if faktor:
            penyebab += f" Hal ini sejalan dengan {daftar_kata(faktor)}."
    if i.keterangan_data:
        penyebab += f" Data yang digunakan: {i.keterangan_data}."
    t = i.target_berikut
    sasaran_berikut = f" agar target tahun {t.tahun} sebesar {nilai_dari(i, t.target)} tercapai" if t else ""
    if i.tercapai:
        solusi = (
            f"Solusi: mempertahankan {'pelaksanaan ' + program if program else 'langkah yang telah dilakukan'}"
            f"{sasaran_berikut}."
        )
    else:
        solusi = (
            f"Solusi: memprioritaskan {program if program else 'kegiatan pendukung indikator ini'} untuk menutup "
            f"selisih terhadap target{sasaran_berikut}."
        )
    return f"{penyebab}\n\n{solusi}"


def _perubahan(p: Perubahan) -> str:
    arah = p.label.lower()
    if p.label == "Tetap":
        return "tetap"
    teks = f"{arah} {format_angka(p.nilai.copy_abs())} poin"
    if p.membaik is not None:
        teks += f" ({'kinerja membaik' if p.membaik else 'kinerja menurun'})"
    return teks


def target_realisasi(k: Konteks, s: SasaranLaporan) -> list[str]:
    tercapai = sum(1 for i in s.indikator if i.tercapai)
    belum = sum(1 for i in s.indikator if i.tercapai is False)
    teks = (
        f"Capaian Sasaran {s.nomor} {k.periode_teks} sebesar {_kategori(s.capaian, s.kategori)}, yaitu "
        f"rata-rata capaian {len(s.indikator)} indikator kinerjanya. "
    )
    if not belum:
        teks += "Seluruh indikator mencapai target."
    elif not tercapai:
        teks += "Belum ada indikator yang mencapai target."
    else:
        teks += f"{tercapai} indikator mencapai target dan {belum} indikator belum mencapai target."
    return [teks]


def survei_ikm(nilai_indeks: Decimal, nilai_ikm: Decimal, mutu: str, kinerja: str, unsur: list[UnsurIKM]) -> list[str]:
    """The conversion of a survey's index and its highest and lowest elements (seed 001)."""
    hasil = [
        f"Nilai IKM setelah dikonversi = nilai indeks × nilai dasar = {format_angka(nilai_indeks, 4)} × 25 = "
        f"{format_angka(nilai_ikm)}; mutu pelayanan {mutu} ({kinerja})."
    ]
    tinggi = max(u.nilai for u in unsur)
    rendah = min(u.nilai for u in unsur)
    if tinggi != rendah:

        def nama(n):
            return daftar_kata([f"{u.kode} {u.nama}" for u in unsur if u.nilai == n])

        hasil.append(
            f"Nilai rata-rata tertinggi pada unsur {nama(tinggi)} ({format_angka(tinggi, 2)}) dan terendah pada "
            f"unsur {nama(rendah)} ({format_angka(rendah, 2)})."
        )
    return hasil


def tren(k: Konteks, s: SasaranLaporan) -> list[str]:
    kalimat = []
    for i in s.indikator:
        sekarang = i.riwayat[-1]
        if i.perubahan:
            lalu = i.tahun_lalu
            kalimat.append(
                f"Realisasi {i.nama} {sekarang.label} ({nilai_dari(i, sekarang.realisasi)}) "
                f"{_perubahan(i.perubahan)} dibanding tahun {lalu.tahun} "
                f"({nilai_dari(i, lalu.realisasi)})."
            )
        elif len(i.riwayat) == 1 or all(t.realisasi is None for t in i.riwayat[:-1]):
            kalimat.append(f"Indikator {i.nama} belum memiliki data realisasi tahun-tahun sebelumnya.")
        elif sekarang.realisasi is None and sekarang.keterangan:
            kalimat.append(f"{i.nama}: {sekarang.keterangan}")
    return kalimat


def target_akhir(k: Konteks, s: SasaranLaporan) -> list[str]:
    kalimat = []
    for i in s.indikator:
        kj = i.kemajuan
        if i.target_akhir is None or kj.label is None:
            kalimat.append(f"Target akhir Rencana Strategis untuk indikator {i.nama} belum ditetapkan.")
            continue
        teks = (
            f"Terhadap target akhir Rencana Strategis tahun {i.tahun_akhir} sebesar "
            f"{nilai_dari(i, i.target_akhir)}, realisasi {i.nama} "
            f"({nilai_dari(i, i.realisasi)}) "
        )
        if kj.label in ("Tercapai", "Belum Tercapai"):
            teks += "telah mencapainya" if kj.label == "Tercapai" else "belum mencapainya"
            if kj.nilai is not None:
                teks += f", dengan tingkat kemajuan {persen(kj.nilai)}"
        else:
            teks += f"{kj.label.lower()} {format_angka(kj.nilai.copy_abs())} poin dari tahun lalu"
        kalimat.append(teks + ".")
    return kalimat


def pembanding(s: SasaranLaporan) -> list[str]:
    kalimat = []
    for i in s.indikator:
        for p in i.pembanding:
            nama = p.nama or f"realisasi {p.jenis.lower()}"
            teks = (
                f"Realisasi {i.nama} ({nilai_dari(i, i.realisasi)}) dibandingkan dengan "
                f"{nama} tahun {p.tahun} ({nilai_dari(i, p.nilai)})"
            )
            if p.keterangan:
                teks += f": {p.keterangan.lower()}"
            kalimat.append(teks + ".")
    if not kalimat:
        kalimat.append(
            "Belum tersedia data pembanding nasional, provinsi atau standar pelayanan minimal untuk indikator "
            "sasaran ini."
        )
    return kalimat


def efisiensi(k: Konteks, s: SasaranLaporan) -> list[str]:
    a, e = s.anggaran, s.efisiensi
    if not a or not a.item:
        return [
            "Belum ada program atau kegiatan yang dikaitkan dengan sasaran ini, sehingga efisiensi penggunaan "
            "sumber daya belum dapat dihitung."
        ]
    if not a.pagu:  # linked items without budget: no serapan, no efficiency (never a division by zero)
        return [
            f"Program dan kegiatan yang dikaitkan dengan Sasaran {s.nomor} tidak memiliki pagu anggaran "
            f"{k.periode_teks}, sehingga efisiensi penggunaan sumber daya tidak dihitung."
        ]
    teks = (
        f"Anggaran yang mendukung Sasaran {s.nomor} sebesar {rupiah(a.pagu)} ({persen(a.pangsa)} dari "
        f"total pagu) terealisasi {rupiah(a.realisasi)} (serapan {persen(a.serapan)})."
    )
    if e and e.efisiensi is not None:
        teks += (
            f" Dengan capaian kinerja {persen(e.capaian)}, tingkat efisiensi sasaran ini "
            f"{angka(e.efisiensi)} ({e.kategori.lower()})."
        )
    return [teks]


def program(k: Konteks, s: SasaranLaporan) -> list[str]:
    if not s.program:
        return ["Belum ada program atau kegiatan yang dikaitkan dengan sasaran ini."]
    jumlah = {t: sum(1 for b in s.program if b.tingkat == t) for t in ("program", "kegiatan", "sub_kegiatan")}
    # Only the levels present: "4 program", never "4 program dan 0 kegiatan".
    bagian = [f"{n} {t.replace('_', ' ')}" for t, n in jumlah.items() if n]
    return [
        f"Sasaran {s.nomor} didukung oleh {daftar_kata(bagian)} dengan pagu {rupiah(s.anggaran.pagu)} "
        f"dan realisasi {rupiah(s.anggaran.realisasi)}; rinciannya beserta indikator kinerjanya disajikan "
        f"pada tabel berikut."
    ]


def keuangan(k: Konteks) -> list[str]:
    sampai = "" if k.tahunan else f" sampai dengan {k.periode.label}"
    return [
        f"Pagu anggaran {k.opd.nama} Tahun {k.tahun} sebesar {rupiah(k.pagu)} untuk {len(k.ringkasan.program)} "
        f"program, dengan realisasi{sampai} sebesar {rupiah(k.realisasi_anggaran)} atau {persen(k.serapan)}."
    ]


def jenis_belanja(k: Konteks, tahap: str, baris: list, jumlah) -> list[str]:
    """The budget of the last stage by spending type, and its realisation in the annual report
    (seed 002: "terdiri dari Belanja Operasi ... dan Belanja Modal ...")."""
    rincian = daftar_kata([f"{b.jenis} sebesar {rupiah(b.pagu[-1])}" for b in baris if b.pagu[-1] is not None])
    teks = f"Anggaran {k.opd.singkatan} Tahun {k.tahun} menurut {tahap} sebesar {rupiah(jumlah.pagu[-1])}"
    teks += f", terdiri dari {rincian}." if len(baris) > 1 else "."
    if jumlah.realisasi is not None:
        nyata = daftar_kata([f"{b.jenis} {rupiah(b.realisasi)}" for b in baris if b.realisasi is not None])
        # The serapan stays in the table: beside the last type's pagu a reader would pair them.
        teks += f" Realisasinya {rupiah(jumlah.realisasi)}"
        teks += f", terdiri dari {nyata}." if len(baris) > 1 else "."
    return [teks]


def layanan_dokumen(k: Konteks, triwulan: str, target: int, jumlah: int | None, capaian: Decimal | None) -> list[str]:
    """The documents issued up to the report's quarter against the year's target (seed 000, T6)."""
    if jumlah is None or capaian is None:
        return [f"Realisasi layanan dokumen s.d. {triwulan} {k.tahun} belum lengkap untuk seluruh jenis layanan."]
    return [
        f"Sampai dengan {triwulan} {k.tahun} dokumen yang diterbitkan berjumlah {format_angka(jumlah)} dari "
        f"target {format_angka(target)} dokumen setahun, atau {format_persen(capaian)}."
    ]


# --------------------------------------------------------------------------- Bab IV


def kesimpulan(k: Konteks, rekap: Rekap, cascade: RekapCascade | None = None) -> list[str]:
    paragraf = [
        f"Capaian kinerja {k.opd.singkatan or k.opd.nama} {k.periode_teks} sebesar "
        f"{_kategori(k.capaian, k.kategori)}, rata-rata capaian {rekap.jumlah_indikator} "
        f"indikator kinerja pada {rekap.jumlah_sasaran} sasaran strategis. " + _kalimat_rekap(rekap)
    ]
    if cascade is not None:
        paragraf.append(_kalimat_cascade(k, cascade))
    if ekstrem := _kalimat_ekstrem(rekap):
        paragraf.append(ekstrem)
    paragraf.append(_kalimat_anggaran(k, rekap))
    return paragraf


def penutup(k: Konteks) -> str:
    belum = [i for i in k.semua_indikator if i.tercapai is False]
    if belum:
        kendala = (
            f"Kendala utama {k.periode_teks} adalah belum tercapainya target indikator "
            + daftar_kata(f"{i.nama} (capaian {persen(i.capaian)})" for i in belum)
            + "."
        )
    else:
        kendala = f"Seluruh target indikator kinerja {k.periode_teks} tercapai."
    berikut = [i for i in k.semua_indikator if i.target_berikut]
    if berikut:
        tahun = berikut[0].target_berikut.tahun
        langkah = (
            f"Langkah ke depan diarahkan untuk mencapai target tahun {tahun}: "
            + daftar_kata(f"{i.nama} {nilai_dari(i, i.target_berikut.target)}" for i in berikut)
            + "."
        )
    else:
        langkah = (
            "Langkah ke depan diarahkan untuk mempertahankan capaian dan menyusun target periode perencanaan "
            "berikutnya."
        )
    return f"{kendala}\n\n{langkah}"
