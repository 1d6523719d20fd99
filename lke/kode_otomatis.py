"""The data rules that can propose an LKE answer: their codes and what each reads.

A criterion of the LKE tree names one of these codes (``Kriteria.otomatis``) and, for an A-E
scale, the thresholds that turn the rule's percentage into an answer (``Kriteria.ambang``). The
rules themselves are in ``lke.otomatis``; this module has no import so that the models can
validate a code without importing the rules (which read the models).
"""

#: code -> (short title, what the proposal is based on)
ATURAN = {
    "renstra_ada": (
        "Renstra tersedia",
        "Renstra yang berlaku pada tahun evaluasi tersimpan di aplikasi (tanggal penetapannya disebut bila dicatat).",
    ),
    "pk_ditetapkan": (
        "PK kepala ditetapkan",
        "Perjanjian Kinerja kepala perangkat daerah tahun evaluasi ditetapkan (ditandatangani).",
    ),
    "pk_memuat_iku": (
        "Indikator sasaran dalam PK",
        "Persentase indikator sasaran strategis Renstra yang diperjanjikan dalam PK kepala.",
    ),
    "rencana_aksi_lengkap": (
        "Rencana aksi lengkap",
        "Setiap indikator PK kepala memiliki target rencana aksi keempat triwulan.",
    ),
    "cascading_pk": (
        "PK berjenjang (cascading)",
        "Persentase jabatan eselon III dan IV yang memiliki PK ditetapkan di bawah PK atasannya.",
    ),
    "anggaran_mengacu_kinerja": (
        "Anggaran terkait sasaran",
        "Persentase program tahun evaluasi yang berpagu dan dikaitkan dengan sasaran kinerja.",
    ),
    "pk_diukur": (
        "PK diukur dan diketahui atasan",
        "PK diukur (ada realisasi); hasilnya disetujui pimpinan (periode tahunan disetujui) → C; "
        "hanya dipantau (sebagian realisasi) → D; tanpa pengukuran → E. A dan B perlu bukti di luar data.",
    ),
    "iku_ditetapkan": (
        "IKU ditetapkan",
        "Setiap sasaran strategis Renstra memiliki indikator kinerja utama (IKU).",
    ),
    "definisi_operasional": (
        "Definisi operasional indikator",
        "Persentase indikator PK kepala yang memiliki definisi operasional atau formula.",
    ),
    "bukti_realisasi": (
        "Realisasi berbukti",
        "Persentase realisasi indikator PK tahun evaluasi yang dilampiri bukti dukung.",
    ),
    "realisasi_berkala": (
        "Realisasi tiap triwulan",
        "Setiap indikator triwulanan PK kepala memiliki realisasi TW I sampai TW IV.",
    ),
    "pengukuran_berjenjang": (
        "Pengukuran berjenjang",
        "Persentase PK eselon II, III dan IV yang seluruh indikatornya memiliki realisasi tahun evaluasi.",
    ),
    "ti_pengumpulan": (
        "Data kinerja dalam aplikasi",
        "Realisasi tahun evaluasi dikumpulkan dalam aplikasi SAKIP.",
    ),
    "ti_pengukuran": (
        "Pengukuran dalam aplikasi",
        "Capaian indikator PK tahun evaluasi dihitung oleh aplikasi SAKIP.",
    ),
    "lkjip_disusun": (
        "LKjIP disusun",
        "PDF LKjIP tahunan tahun evaluasi selesai dibuat di aplikasi.",
    ),
    "lkjip_berkala": (
        "LKjIP setiap tahun",
        "PDF LKjIP tahunan tersedia untuk tahun evaluasi dan tahun sebelumnya.",
    ),
    "lkjip_direviu": (
        "LKjIP direviu",
        "Periode tahunan diverifikasi reviewer dan seluruh temuan reviunya tertutup.",
    ),
    "lkjip_tepat_waktu": (
        "LKjIP tepat waktu",
        "PDF LKjIP selesai dan reviu (verifikasi periode tahunan) dilakukan paling lambat tenggat LKjIP.",
    ),
    "lkjip_target_tahunan": (
        "Realisasi dibanding target tahunan",
        "Persentase indikator PK kepala yang memiliki target dan realisasi tahun evaluasi.",
    ),
    "lkjip_target_menengah": (
        "Realisasi dibanding target Renstra",
        "Persentase indikator PK kepala yang memiliki target akhir Renstra.",
    ),
    "lkjip_tahun_lalu": (
        "Realisasi dibanding tahun lalu",
        "Persentase indikator PK kepala yang memiliki realisasi tahun sebelumnya.",
    ),
    "lkjip_keuangan": (
        "Informasi keuangan per sasaran",
        "Persentase sasaran PK kepala yang didukung program/kegiatan berpagu pada tahun evaluasi.",
    ),
    "rekomendasi_ditindaklanjuti": (
        "Rekomendasi ditindaklanjuti",
        "Persentase rekomendasi evaluasi tahun-tahun sebelumnya yang tindak lanjutnya selesai.",
    ),
}

PILIHAN = [("", "—")] + [(k, v[0]) for k, v in ATURAN.items()]
