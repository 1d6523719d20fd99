"""A small but complete sakip-opd/1 document for tests (figures of seed 004, Kota Probolinggo)."""

import copy

DOKUMEN = {
    "format": "sakip-opd/1",
    "sumber": "uji",
    "pemda": {"nama": "Kota Uji", "tingkat": "kota", "jabatan_kepala_daerah": "Wali Kota"},
    "metodologi": {"skala": "permendagri_86_2017", "rumus_efisiensi": "selisih"},
    "opd": {
        "kode": "dinas-uji",
        "nama": "Dinas Kependudukan dan Pencatatan Sipil Kota Uji",
        "singkatan": "Disdukcapil",
    },
    "jabatan": [
        {"nama": "Kepala Dinas", "eselon": "II", "induk": None},
        {"nama": "Kepala Bidang Pelayanan Pendaftaran Penduduk", "eselon": "III", "induk": "Kepala Dinas"},
    ],
    "pejabat": [
        {
            "nama": "Pujo Agung Satrio, S.STP., M.Si.",
            "nip": "197809271998021001",
            "pangkat": "Pembina Utama Muda",
            "golongan": "IV/c",
            "jabatan": "Kepala Dinas",
            "jenis": "definitif",
            "mulai": "2021-01-01",
        },
    ],
    "rpjmd": {
        "jenis": "RPJMD",
        "tahun_mulai": 2020,
        "tahun_selesai": 2024,
        "visi": "Kota yang maju",
        "misi": ["Misi satu", "Misi dua"],
        "misi_didukung": [2],
    },
    "renstra": {
        "tahun_mulai": 2020,
        "tahun_selesai": 2024,
        "versi": 0,
        "tujuan": [{"kode": "T1", "uraian": "Meningkatkan kualitas layanan adminduk", "indikator": []}],
        "sasaran": [
            {
                "kode": "S1",
                "tingkat": "strategis",
                "tujuan": "T1",
                "uraian": "Meningkatnya kepemilikan dokumen",
                "pemilik": "Kepala Dinas",
                "indikator": [
                    {
                        "kode": "IKU1",
                        "nama": "Persentase penduduk ber-KTP-el",
                        "satuan": "%",
                        "iku": True,
                        "label_pembilang": "penduduk ber-KTP-el",
                        "label_penyebut": "wajib KTP-el",
                        "target": {"2023": "98", "2024": "99"},
                        "target_akhir": "99",
                        "realisasi": [
                            {"tahun": 2023, "periode": "TAHUN", "nilai": "97.51"},
                            {"tahun": 2024, "periode": "TAHUN", "nilai": "99.30"},
                        ],
                        "pembanding": [{"tahun": 2024, "jenis": "nasional", "nilai": "97.5"}],
                    },
                    {
                        "kode": "IKU2",
                        "nama": "Persentase kepemilikan akta kelahiran",
                        "satuan": "%",
                        "iku": True,
                        "target": {"2024": "100"},
                        "realisasi": [{"tahun": 2024, "periode": "TAHUN", "nilai": "99.03"}],
                    },
                ],
            },
            {
                "kode": "S1.P1",
                "tingkat": "program",
                "induk": "S1",
                "uraian": "Meningkatnya layanan pendaftaran",
                "pemilik": "Kepala Bidang Pelayanan Pendaftaran Penduduk",
                "indikator": [],
            },
        ],
    },
    "perjanjian_kinerja": [
        {
            "tahun": 2024,
            "jabatan": "Kepala Dinas",
            "versi": 0,
            "status": "ditetapkan",
            "tanggal": "2024-01-02",
            "pejabat": "197809271998021001",
            "item": [
                {
                    "sasaran": "S1",
                    "indikator": "IKU1",
                    "target": "100",
                    "rencana_aksi": [{"triwulan": 4, "target": "100", "rencana_aksi": "Jemput bola"}],
                },
                {"sasaran": "S1", "indikator": "IKU2", "target": "100"},
            ],
        },
    ],
    "anggaran": [
        {
            "tahun": 2024,
            "kode": "2.12.02",
            "nama": "PROGRAM PENDAFTARAN PENDUDUK",
            "sasaran": ["S1"],
            "indikator_didukung": ["IKU1"],
            "indikator": [
                {
                    "kode": "P1",
                    "nama": "Persentase KTP-el",
                    "satuan": "%",
                    "target": {"2024": "99"},
                    "realisasi": [{"tahun": 2024, "periode": "TAHUN", "nilai": "99.10"}],
                }
            ],
        },
        {"tahun": 2024, "kode": "2.12.02.2.01", "nama": "Pelayanan Pendaftaran Penduduk"},
        {
            "tahun": 2024,
            "kode": "2.12.02.2.01.0001",
            "nama": "Pelayanan KTP-el",
            "pagu": [
                {"jenis": "murni", "urutan": 0, "nilai": "400000000"},
                {"jenis": "perubahan", "urutan": 1, "nilai": "437286032", "tanggal": "2024-09-01"},
            ],
            "realisasi": {"3": "300000000", "4": "434526020"},
        },
        {
            "tahun": 2024,
            "kode": "2.12.03",
            "nama": "PROGRAM PENCATATAN SIPIL",
            "sasaran": ["S1"],
            "indikator_didukung": ["IKU2"],
        },
        {"tahun": 2024, "kode": "2.12.03.2.01", "nama": "Pelayanan Pencatatan Sipil"},
        {
            "tahun": 2024,
            "kode": "2.12.03.2.01.0001",
            "nama": "Pencatatan akta",
            "pagu": [{"jenis": "perubahan", "urutan": 0, "nilai": "120000000"}],
            "realisasi": {"4": "117702000"},
            "catatan": "Refocusing",
        },
    ],
}


def dokumen(**ubah):
    """A deep copy of the document, optionally with top-level keys replaced."""
    d = copy.deepcopy(DOKUMEN)
    d.update(ubah)
    return d
