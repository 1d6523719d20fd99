"""The formula library of SAKIP: capaian, categories, aggregation, budget and IKM.

Pure functions on :class:`decimal.Decimal`, standard library only, no Django import: the
same code serves models, views, PDF, Excel and the review checks. Every choice a Pemda can
make is a field of :class:`Metodologi` (defaults in :data:`METODOLOGI_BAKU`), and
:func:`catatan_metodologi` prints it as a footnote in Bahasa Indonesia.

Conventions
-----------
* Numbers are ``Decimal`` (``int`` accepted, it is exact). ``float``, ``bool`` and ``str``
  raise ``TypeError``: parse user text first (``sakip.formatting.parse_angka``).
* Impossible input (negative pagu, unknown label, a 10th IKM element, ...) raises
  :class:`GalatRumus` (a ``ValueError``) with a message in Bahasa Indonesia that can be
  shown to the user as is.
* Missing data is ``None`` and stays ``None`` (a missing realisasi gives no capaian, not 0).
* Result objects keep the unrounded value (``nilai_mentah``) next to the final value
  (``nilai``: capped if a cap applies, then rounded per methodology).
* Downstream arithmetic (sasaran mean, efficiency) works on the *final* values, the ones the
  table prints, so every table can be recomputed by hand from its own cells.
* Enum parameters accept the member or its string value (``Arah.TURUN`` or ``"turun"``),
  because models store the string.
"""

from .agregasi import (  # noqa: F401
    HasilAgregasi,
    HasilRataRata,
    HasilTurunan,
    NilaiPeriode,
    NilaiTerpilih,
    RekapCapaian,
    agregasikan,
    capaian_instansi,
    capaian_sasaran,
    keterangan_vintage,
    nilai_komposit,
    nilai_turunan,
    pilih_nilai_laporan,
    rekap_capaian,
)
from .capaian import (  # noqa: F401
    HasilCapaian,
    hitung_capaian,
    hitung_capaian_predikat,
)
from .dasar import (  # noqa: F401
    Agregasi,
    Arah,
    AturanKemajuan,
    GalatRumus,
    Pembulatan,
    Periode,
    RumusEfisiensi,
    RumusTurun,
    Turunan,
    bulatkan,
)
from .ikm import (  # noqa: F401
    HasilIKM,
    hitung_ikm,
    mutu_ikm,
    rerata_unsur_ikm,
)
from .layanan import (  # noqa: F401
    RekapLayanan,
    kumulatif_triwulan,
    rekap_layanan,
)
from .lke import (  # noqa: F401
    PREDIKAT_LKE_88_2021,
    HasilKomponen,
    HasilLKE,
    HasilSubKomponen,
    KomponenLKE,
    SubKomponenLKE,
    nilai_lke,
    nilai_subkomponen,
    pilih_ambang,
    skala_predikat,
)
from .metodologi import (  # noqa: F401
    METODOLOGI_BAKU,
    Metodologi,
    catatan_metodologi,
    pembulatan,
)
from .persen import (  # noqa: F401
    HasilEfisiensi,
    HasilKemajuan,
    HasilPersen,
    efisiensi,
    pangsa_anggaran,
    persentase,
    serapan,
    tingkat_kemajuan,
)
from .skala import (  # noqa: F401
    EMPAT_PITA,
    NILAI_SAKIP,
    OPINI_BPK,
    PERMENDAGRI_86_2017,
    PERMENPANRB_12_2015,
    PREDIKAT_MUTU_IKM,
    PREDIKAT_SAKIP,
    PREDIKAT_TINGGI_SEDANG_RENDAH,
    PRESET_PREDIKAT,
    PRESET_SKALA,
    SKALA_MUTU_IKM,
    PitaKategori,
    SkalaKategori,
    SkalaPredikat,
)

__all__ = [
    "EMPAT_PITA",
    "METODOLOGI_BAKU",
    "NILAI_SAKIP",
    "OPINI_BPK",
    "PERMENDAGRI_86_2017",
    "PERMENPANRB_12_2015",
    "PREDIKAT_LKE_88_2021",
    "PREDIKAT_MUTU_IKM",
    "PREDIKAT_SAKIP",
    "PREDIKAT_TINGGI_SEDANG_RENDAH",
    "PRESET_PREDIKAT",
    "PRESET_SKALA",
    "SKALA_MUTU_IKM",
    "Agregasi",
    "Arah",
    "AturanKemajuan",
    "GalatRumus",
    "HasilAgregasi",
    "HasilCapaian",
    "HasilEfisiensi",
    "HasilIKM",
    "HasilKomponen",
    "HasilLKE",
    "HasilSubKomponen",
    "HasilKemajuan",
    "HasilPersen",
    "HasilRataRata",
    "KomponenLKE",
    "Metodologi",
    "NilaiPeriode",
    "NilaiTerpilih",
    "Pembulatan",
    "Periode",
    "PitaKategori",
    "RekapCapaian",
    "RekapLayanan",
    "RumusEfisiensi",
    "RumusTurun",
    "SkalaKategori",
    "SkalaPredikat",
    "SubKomponenLKE",
    "agregasikan",
    "bulatkan",
    "capaian_instansi",
    "capaian_sasaran",
    "catatan_metodologi",
    "efisiensi",
    "hitung_capaian",
    "hitung_capaian_predikat",
    "hitung_ikm",
    "keterangan_vintage",
    "kumulatif_triwulan",
    "mutu_ikm",
    "nilai_komposit",
    "nilai_lke",
    "nilai_subkomponen",
    "pangsa_anggaran",
    "pembulatan",
    "persentase",
    "pilih_ambang",
    "pilih_nilai_laporan",
    "rekap_capaian",
    "rekap_layanan",
    "rerata_unsur_ikm",
    "serapan",
    "skala_predikat",
    "tingkat_kemajuan",
]
