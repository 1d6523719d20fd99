"""Synthetic office-year documents (`sakip-opd/1`, docs/format-data-opd.md) for benchmarks.

Deterministic: office `urut` of seed `seed` is always the same document, whatever the number
of offices. Pure Python (no Django), so the documents can be built before Django is set up.

Each office: ~17 positions with holders, a 6-year Renstra with 2 tujuan and 8 sasaran strategis
carrying `n_indikator` indicators (ratios with numerator/denominator, cumulative counts, turun,
averaged indices, one range, one composite with three components, one predicate with N-1 data),
yearly targets, a national benchmark, realisations of every quarter and of the year, the head's
PK of every year (with rencana aksi per quarter; some offices have a PK perubahan), and per year
a budget tree of 5 programs × 4 kegiatan × (n_sub_kegiatan / 20) sub kegiatan with pagu versions,
cumulative quarterly spending, links to sasaran and indicators, and one outcome indicator per
program.
"""

from __future__ import annotations

import datetime
import random
from decimal import ROUND_HALF_UP, Decimal

FORMAT = "sakip-opd/1"
JUMLAH_PROGRAM = 5
KEGIATAN_PER_PROGRAM = 4
BIDANG = ["Pelayanan", "Perencanaan", "Pengendalian", "Pengembangan"]
OBJEK = [
    "dokumen perencanaan",
    "layanan publik",
    "aduan masyarakat",
    "kegiatan lapangan",
    "data sektoral",
    "usaha mikro",
    "sarana prasarana",
    "program prioritas",
    "aparatur",
    "desa binaan",
]
KALIMAT = [
    "Capaian indikator ini dipengaruhi oleh ketersediaan data dari unit kerja terkait.",
    "Koordinasi lintas bidang dilaksanakan setiap bulan untuk memantau kemajuan.",
    "Kendala utama adalah keterbatasan anggaran pada triwulan pertama.",
    "Langkah perbaikan meliputi penguatan sistem informasi dan pendampingan teknis.",
    "Realisasi meningkat dibanding tahun sebelumnya seiring perbaikan proses bisnis.",
    "Sebagian kegiatan bergeser ke triwulan berikutnya karena penyesuaian jadwal.",
    "Inovasi layanan daring mempercepat penyelesaian permohonan masyarakat.",
    "Evaluasi internal menunjukkan perlunya peningkatan kapasitas sumber daya manusia.",
]


def _d(x, tempat=2):
    """A Decimal rounded half-up, as the plain string the format wants."""
    q = Decimal(1).scaleb(-tempat)
    return str(Decimal(str(x)).quantize(q, rounding=ROUND_HALF_UP))


def _nip(k, tahun_acuan):
    """A valid, unique 18-digit NIP for holder number k (< 21000)."""
    lahir = datetime.date(1965 + k % 20, 1 + k % 12, 1 + k % 28)
    tmt = (min(lahir.year + 24, tahun_acuan - 1), 1 + k % 12)
    return f"{lahir:%Y%m%d}{tmt[0]:04d}{tmt[1]:02d}{1 + k % 2}{k % 1000:03d}"


def kalimat(rng, n):
    return " ".join(rng.choice(KALIMAT) for _ in range(n))


def _jenis_indikator(j, n):
    """Kind of the j-th of n indicators: a fixed mix, with the special ones at the end."""
    if j == n - 1:
        return "predikat"
    if j == n - 2:
        return "komposit"
    return ("rasio", "jumlah", "turun", "indeks", "rasio", "jumlah", "rasio", "indeks")[j % 8]


def _indikator(rng, kode, j, jenis, tahun_list, penanggung_jawab):
    """An indicator of the Renstra with targets, benchmark and realisations of every period."""
    objek = OBJEK[j % len(OBJEK)]
    d = {
        "kode": kode,
        "penanggung_jawab": penanggung_jawab,
        "iku": j % 5 == 0,
        "presisi": 2,
        "definisi": f"Indikator sintetis {kode} tentang {objek}.",
        "sumber_data": "Data sintetis",
        "target": {},
        "realisasi": [],
        "pembanding": [],
    }
    akhir = tahun_list[-1]
    if jenis == "rasio":
        dasar = rng.randint(60, 90)
        d.update(
            nama=f"Persentase {objek} yang terlayani sesuai standar ({kode})",
            satuan="%",
            label_pembilang=f"{objek} terlayani",
            label_penyebut=f"seluruh {objek}",
            satuan_pembilang="unit",
            formula=f"{objek} terlayani ÷ seluruh {objek} × 100",
            frekuensi="triwulan",
            agregasi="terakhir",
        )
        for i, t in enumerate(tahun_list):
            d["target"][str(t)] = _d(min(dasar + 2 * i, 100))
            penyebut = rng.randint(800, 5000)
            for p, porsi in (("TW1", 0.55), ("TW2", 0.7), ("TW3", 0.85), ("TW4", 1.0), ("TAHUN", 1.0)):
                capai = min((dasar + 2 * i) * rng.uniform(0.85, 1.1) * porsi / 100, 1)
                d["realisasi"].append(
                    {
                        "tahun": t,
                        "periode": p,
                        "nilai": None,
                        "pembilang": str(int(penyebut * capai)),
                        "penyebut": str(penyebut),
                        "keterangan_data": f"Data {p} {t}",
                    }
                )
        d["target_akhir"] = d["target"][str(akhir)]
    elif jenis == "jumlah":
        dasar = rng.randint(20, 400)
        d.update(
            nama=f"Jumlah {objek} yang diselesaikan ({kode})",
            satuan="Dokumen",
            frekuensi="triwulan",
            agregasi="kumulatif",
            presisi=0,
        )
        for i, t in enumerate(tahun_list):
            target = dasar + 10 * i
            d["target"][str(t)] = str(target)
            tw = [int(target / 4 * rng.uniform(0.7, 1.25)) for _ in range(4)]
            for q in range(4):
                d["realisasi"].append({"tahun": t, "periode": f"TW{q + 1}", "nilai": str(tw[q])})
            d["realisasi"].append({"tahun": t, "periode": "TAHUN", "nilai": str(sum(tw))})
        d["target_akhir"] = d["target"][str(akhir)]
    elif jenis == "turun":
        dasar = rng.randint(5, 15)
        d.update(
            nama=f"Rata-rata lama penyelesaian {objek} ({kode})",
            satuan="Hari",
            arah="turun",
            frekuensi="triwulan",
            agregasi="terakhir",
        )
        for i, t in enumerate(tahun_list):
            target = max(dasar - 0.5 * i, 1)
            d["target"][str(t)] = _d(target)
            for p in ("TW1", "TW2", "TW3", "TW4", "TAHUN"):
                d["realisasi"].append({"tahun": t, "periode": p, "nilai": _d(target * rng.uniform(0.8, 1.3))})
        d["target_akhir"] = d["target"][str(akhir)]
    elif jenis == "indeks":
        dasar = rng.uniform(70, 85)
        d.update(
            nama=f"Indeks kepuasan terhadap {objek} ({kode})",
            satuan="Indeks",
            frekuensi="triwulan",
            agregasi="rata_rata",
        )
        for i, t in enumerate(tahun_list):
            target = dasar + i
            d["target"][str(t)] = _d(target)
            tw = [Decimal(_d(target * rng.uniform(0.9, 1.08))) for _ in range(4)]
            for q in range(4):
                d["realisasi"].append({"tahun": t, "periode": f"TW{q + 1}", "nilai": str(tw[q])})
            d["realisasi"].append({"tahun": t, "periode": "TAHUN", "nilai": _d(sum(tw) / 4)})
        d["target_akhir"] = d["target"][str(akhir)]
    elif jenis == "komposit":
        d.update(
            nama=f"Indeks komposit kualitas {objek} ({kode})",
            satuan="%",
            frekuensi="triwulan",
            agregasi="terakhir",
            komponen=[],
        )
        for i, t in enumerate(tahun_list):
            d["target"][str(t)] = _d(80 + i)
        d["target_akhir"] = d["target"][str(akhir)]
        for c in range(3):
            komp = {
                "kode": f"{kode}.K{c + 1}",
                "nama": f"Komponen {c + 1} {objek} ({kode})",
                "satuan": "%",
                "frekuensi": "triwulan",
                "agregasi": "terakhir",
                "realisasi": [],
            }
            for t in tahun_list:
                for p in ("TW1", "TW2", "TW3", "TW4", "TAHUN"):
                    komp["realisasi"].append({"tahun": t, "periode": p, "nilai": _d(rng.uniform(70, 100))})
            d["komponen"].append(komp)
    elif jenis == "predikat":
        skala = ["D", "C", "CC", "B", "BB", "A", "AA"]
        d.update(
            nama=f"Nilai SAKIP Perangkat Daerah ({kode})",
            satuan="Predikat",
            jenis_nilai="predikat",
            skala_predikat="sakip",
            frekuensi="tahun",
            tunda_tahun=1,
            agregasi="terakhir",
            target_akhir_teks="A",
        )
        for i, t in enumerate(tahun_list):
            d["target"][str(t)] = skala[min(3 + i // 2, 6)]
            d["realisasi"].append(
                {
                    "tahun": t,
                    "periode": "TAHUN",
                    "nilai_teks": skala[rng.randint(3, 6)],
                    "keterangan_data": f"Evaluasi SAKIP {t}",
                }
            )
    if jenis not in ("predikat", "komposit"):
        d["pembanding"].append(
            {
                "tahun": tahun_list[-2],
                "jenis": "nasional",
                "nama": "Rata-rata nasional",
                "nilai": d["target"][str(tahun_list[-2])],
                "sumber": "sintetis",
            }
        )
    return d


def _target_ra(ind, tahun, q):
    """Quarterly target of a PK item's rencana aksi."""
    target = ind["target"][str(tahun)]
    if ind.get("agregasi") == "kumulatif":
        return str(int(Decimal(target) * q / 4))
    return target


def dokumen_opd(
    seed,
    urut,
    *,
    awalan="opd",
    nama_pemda="Provinsi Sintetis",
    n_indikator=40,
    n_sub_kegiatan=80,
    tahun_mulai=2021,
    n_tahun=6,
    nip_dasar=0,
):
    """The `sakip-opd/1` document of office number `urut` (1-based)."""
    rng = random.Random(f"{seed}:{urut}:{n_indikator}:{n_sub_kegiatan}")
    tahun_list = list(range(tahun_mulai, tahun_mulai + n_tahun))
    kode_opd = f"{awalan}-{urut:02d}"
    bidang = BIDANG
    jabatan = [
        {"nama": "Kepala Dinas", "eselon": "II", "induk": None},
        {"nama": "Sekretaris", "eselon": "III", "induk": "Kepala Dinas"},
    ]
    for sub in ("Umum dan Kepegawaian", "Keuangan", "Program"):
        jabatan.append({"nama": f"Kepala Subbagian {sub}", "eselon": "IV", "induk": "Sekretaris"})
    for b in bidang:
        jabatan.append({"nama": f"Kepala Bidang {b}", "eselon": "III", "induk": "Kepala Dinas"})
        for s in (1, 2):
            jabatan.append({"nama": f"Kepala Seksi {b} {s}", "eselon": "IV", "induk": f"Kepala Bidang {b}"})
    pejabat = []
    for i, j in enumerate(jabatan):
        k = nip_dasar + urut * 100 + i
        pejabat.append(
            {
                "nama": f"Pejabat {kode_opd} {i + 1}, S.E., M.Si.",
                "nip": _nip(k, tahun_mulai),
                "pangkat": "Pembina",
                "golongan": "IV/a",
                "jabatan": j["nama"],
                "jenis": "definitif",
                "mulai": f"{tahun_mulai - 1}-01-01",
                "selesai": None,
            }
        )
    nip_kepala = pejabat[0]["nip"]

    n_sasaran = 8
    tujuan = [
        {"kode": f"T{t}", "uraian": f"Meningkatnya kualitas {OBJEK[t]} {kode_opd}", "indikator": []} for t in (1, 2)
    ]
    sasaran = []
    per_sasaran = [n_indikator // n_sasaran + (1 if s < n_indikator % n_sasaran else 0) for s in range(n_sasaran)]
    indikator_sasaran = {}
    j = 0
    for s in range(n_sasaran):
        daftar = []
        for _ in range(per_sasaran[s]):
            kode = f"I{j + 1:02d}"
            pj = "Kepala Dinas" if j % 5 == 0 else f"Kepala Bidang {bidang[s % 4]}"
            daftar.append(_indikator(rng, kode, j, _jenis_indikator(j, n_indikator), tahun_list, pj))
            j += 1
        indikator_sasaran[f"S{s + 1}"] = daftar
        sasaran.append(
            {
                "kode": f"S{s + 1}",
                "tingkat": "strategis",
                "tujuan": f"T{1 + s // 4}",
                "induk": None,
                "uraian": f"Meningkatnya capaian {OBJEK[s % len(OBJEK)]} ({kode_opd} S{s + 1})",
                "pemilik": "Kepala Dinas",
                "indikator": daftar,
            }
        )
    for b_i, b in enumerate(bidang):
        sasaran.append(
            {
                "kode": f"S{2 * b_i + 1}.P",
                "tingkat": "program",
                "tujuan": None,
                "induk": f"S{2 * b_i + 1}",
                "uraian": f"Meningkatnya kinerja Bidang {b}",
                "pemilik": f"Kepala Bidang {b}",
                "indikator": [],
            }
        )

    # Head of office's PK of every year; every fourth office amends the PK of the 5th year.
    perjanjian = []
    for t in tahun_list:
        item = []
        for s_kode, daftar in indikator_sasaran.items():
            for ind in daftar:
                it = {
                    "sasaran": s_kode,
                    "indikator": ind["kode"],
                    "target": None,
                    "target_atas": None,
                    "target_teks": "",
                    "rencana_aksi": [],
                }
                if ind.get("jenis_nilai") == "predikat":
                    it["target_teks"] = ind["target"][str(t)]
                else:
                    it["target"] = ind["target"][str(t)]
                    it["target_atas"] = (ind.get("target_atas") or {}).get(str(t))
                    for q in (1, 2, 3, 4):
                        it["rencana_aksi"].append(
                            {
                                "triwulan": q,
                                "target": _target_ra(ind, t, q),
                                "target_atas": it["target_atas"],
                                "rencana_aksi": f"Rencana aksi TW {q}",
                            }
                        )
                item.append(it)
        perjanjian.append(
            {
                "tahun": t,
                "jabatan": "Kepala Dinas",
                "versi": 0,
                "status": "ditetapkan",
                "tanggal": f"{t}-01-02",
                "alasan": "",
                "pejabat": nip_kepala,
                "pk_atasan": None,
                "item": item,
            }
        )
        if urut % 4 == 0 and t == tahun_list[min(4, len(tahun_list) - 1)]:
            ubah = []
            for it in item:
                it2 = dict(it, rencana_aksi=list(it["rencana_aksi"]))
                if it2["target"] is not None and it2["target_atas"] is None:
                    it2["target"] = _d(Decimal(it2["target"]) * Decimal("1.02"))
                ubah.append(it2)
            perjanjian.append(
                {
                    "tahun": t,
                    "jabatan": "Kepala Dinas",
                    "versi": 1,
                    "status": "ditetapkan",
                    "tanggal": f"{t}-08-01",
                    "alasan": "Refocusing anggaran",
                    "pejabat": nip_kepala,
                    "pk_atasan": None,
                    "item": ubah,
                }
            )

    anggaran = []
    u, bb = 1 + (urut - 1) // 90 % 9, 1 + (urut - 1) % 90
    sub_per_kegiatan = max(1, round(n_sub_kegiatan / (JUMLAH_PROGRAM * KEGIATAN_PER_PROGRAM)))
    for t in tahun_list:
        for p in range(1, JUMLAH_PROGRAM + 1):
            kp = f"{u}.{bb:02d}.{p:02d}"
            sas = [] if p == 1 else [f"S{2 * (p - 2) + 1}", f"S{2 * (p - 2) + 2}"]
            ind_p = {
                "kode": f"P{t}.{p}",
                "nama": f"Persentase capaian program {p} ({kode_opd})",
                "satuan": "%",
                "target": {str(t): "100"},
                "realisasi": [{"tahun": t, "periode": "TAHUN", "nilai": _d(rng.uniform(80, 100))}],
            }
            anggaran.append(
                {
                    "tahun": t,
                    "kode": kp,
                    "nama": f"PROGRAM {p} {kode_opd}",
                    "sumber_dana": "APBD",
                    "catatan": "",
                    "sasaran": sas,
                    "indikator_didukung": [],
                    "pagu": [],
                    "realisasi": {},
                    "indikator": [ind_p],
                }
            )
            for k in range(1, KEGIATAN_PER_PROGRAM + 1):
                kk = f"{kp}.1.{k:02d}"  # level digit 1: the synthetic Pemda is a provinsi
                didukung = [indikator_sasaran[sas[0]][0]["kode"]] if sas and k == 1 else []
                anggaran.append(
                    {
                        "tahun": t,
                        "kode": kk,
                        "nama": f"Kegiatan {p}.{k} {kode_opd}",
                        "sumber_dana": "",
                        "catatan": "",
                        "sasaran": [],
                        "indikator_didukung": didukung,
                        "pagu": [],
                        "realisasi": {},
                        "indikator": [],
                    }
                )
                for s in range(1, sub_per_kegiatan + 1):
                    murni = rng.randint(50, 900) * 1_000_000
                    pagu = [
                        {
                            "jenis": "murni",
                            "urutan": 0,
                            "nilai": str(murni),
                            "tanggal": f"{t}-01-02",
                            "dasar": f"DPA {t}",
                        }
                    ]
                    if rng.random() < 0.25:
                        pagu.append(
                            {
                                "jenis": "perubahan",
                                "urutan": 1,
                                "nilai": str(int(murni * 1.05)),
                                "tanggal": f"{t}-09-01",
                                "dasar": f"DPPA {t}",
                            }
                        )
                    kum, realisasi = 0, {}
                    for q in (1, 2, 3, 4):
                        kum += int(murni * rng.uniform(0.1, 0.245))
                        realisasi[str(q)] = str(kum)
                    anggaran.append(
                        {
                            "tahun": t,
                            "kode": f"{kk}.{s:04d}",
                            "nama": f"Sub kegiatan {p}.{k}.{s}",
                            "sumber_dana": "",
                            "catatan": "",
                            "sasaran": [],
                            "indikator_didukung": [],
                            "pagu": pagu,
                            "realisasi": realisasi,
                            "indikator": [],
                        }
                    )

    return {
        "format": FORMAT,
        "sumber": f"Data sintetis benchmark (seed {seed}, OPD {urut})",
        "pemda": {
            "nama": nama_pemda,
            "tingkat": "provinsi",
            "jabatan_kepala_daerah": "Gubernur",
            "nama_kepala_daerah": "",
            "ibu_kota": "Kota Sintetis",
        },
        "opd": {
            "kode": kode_opd,
            "nama": f"Dinas Sintetis {urut:02d}",
            "singkatan": f"DS{urut:02d}",
            "alamat": f"Jalan Benchmark No. {urut}",
            "telepon": "",
            "email": "",
        },
        "jabatan": jabatan,
        "pejabat": pejabat,
        "rpjmd": {
            "jenis": "RPJMD",
            "tahun_mulai": tahun_mulai,
            "tahun_selesai": tahun_list[-1],
            "visi": "Provinsi sintetis yang maju",
            "dasar_hukum": "",
            "misi": [f"Misi {m}" for m in range(1, 6)],
            "misi_didukung": [1 + urut % 5],
        },
        "renstra": {
            "tahun_mulai": tahun_mulai,
            "tahun_selesai": tahun_list[-1],
            "versi": 0,
            "tanggal_penetapan": f"{tahun_mulai}-01-01",
            "dasar_hukum": "",
            "visi": "",
            "tujuan": tujuan,
            "sasaran": sasaran,
        },
        "perjanjian_kinerja": perjanjian,
        "anggaran": anggaran,
    }
