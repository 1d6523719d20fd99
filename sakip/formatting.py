"""Indonesian number, money, word and date formatting for SAKIP.

Pure functions, no Django imports. Every number is an exact ``decimal.Decimal`` (``int`` is
accepted too because it is exact); ``float`` is refused with ``TypeError`` because binary
floating point cannot represent values such as 70,30 exactly.

Conventions (see docs "Indonesian conventions"):

* thousands separator ``.``, decimal separator ``,``: ``1.234.567,89``;
* percentages ``97,31 %`` (with a space before ``%``);
* Rupiah ``Rp 1.234.567``, negative ``-Rp 1.234.567``;
* dates ``31 Desember 2024``;
* a missing value (``None``) is shown as an en dash ``–`` (U+2013) by the ``format_*`` functions,
  so empty table cells in reports stay visibly empty instead of printing ``None`` or ``0``.

Parsing (:func:`parse_angka`) is strict: text it cannot read unambiguously is refused with
:class:`AngkaTidakValid`, whose message (Bahasa Indonesia) can be shown to the user as is.
"""

from __future__ import annotations

import datetime
import re
from decimal import ROUND_HALF_UP, Context, Decimal

__all__ = [
    "desimal_rupiah",
    "KOSONG",
    "NAMA_BULAN",
    "AngkaTidakValid",
    "format_angka",
    "format_isian",
    "format_nilai",
    "format_persen",
    "format_rupiah",
    "format_tanggal",
    "parse_angka",
    "parse_angka_atau_kosong",
    "terbilang",
    "terbilang_rupiah",
]

#: Shown in place of a missing value (``None``): an en dash, U+2013.
KOSONG = "\u2013"

#: Indonesian month names; ``NAMA_BULAN[bulan - 1]`` (index 0 is Januari).
NAMA_BULAN = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)


# ---------------------------------------------------------------------------
# Formatting
# ---------------------------------------------------------------------------


def _ke_decimal(nilai, nama="nilai") -> Decimal:
    """Return ``nilai`` as a finite Decimal; refuse float/bool/other types and NaN/Infinity."""
    if isinstance(nilai, bool) or not isinstance(nilai, (Decimal, int)):
        raise TypeError(
            f"{nama} harus Decimal atau int, bukan {type(nilai).__name__}"
            + (" (float tidak diterima karena tidak eksak)" if isinstance(nilai, float) else "")
        )
    if isinstance(nilai, int):
        return Decimal(nilai)
    if not nilai.is_finite():
        raise ValueError(f"{nama} harus bilangan terhingga, bukan {nilai}")
    return nilai


def _cek_desimal(desimal):
    if desimal is None:
        return
    if isinstance(desimal, bool) or not isinstance(desimal, int):
        raise TypeError("desimal harus int atau None")
    if desimal < 0:
        raise ValueError("desimal tidak boleh negatif")


def _bulatkan(nilai: Decimal, desimal: int) -> Decimal:
    """Quantize half-up to ``desimal`` places, with enough precision for any size."""
    ctx = Context(prec=max(28, nilai.adjusted() + desimal + 3))
    return nilai.quantize(Decimal(1).scaleb(-desimal), rounding=ROUND_HALF_UP, context=ctx)


def _kelompokkan(digit: str) -> str:
    """'1234567' -> '1.234.567'."""
    kepala = len(digit) % 3 or 3
    bagian = [digit[:kepala]] + [digit[i : i + 3] for i in range(kepala, len(digit), 3)]
    return ".".join(bagian)


def _angka_tanpa_tanda(nilai: Decimal, desimal) -> tuple[bool, str]:
    """Return (negative?, formatted absolute value) for a finite Decimal."""
    if desimal is None:
        if nilai.as_tuple().exponent > 0:  # e.g. Decimal("1E+3"): show as an integer
            nilai = _bulatkan(nilai, 0)
    else:
        nilai = _bulatkan(nilai, desimal)
    negatif = nilai.is_signed() and not nilai.is_zero()  # never print "-0" or "-0,00"
    teks = format(nilai.copy_abs(), "f")
    bulat, _, pecahan = teks.partition(".")
    hasil = _kelompokkan(bulat)
    if pecahan:
        hasil += "," + pecahan
    return negatif, hasil


def format_angka(nilai, desimal=None) -> str:
    """Format a number the Indonesian way: ``Decimal("1234567.89")`` -> ``"1.234.567,89"``.

    * ``desimal=None`` keeps the value's own exponent (``Decimal("0.40")`` -> ``"0,40"``,
      ``Decimal("12")`` -> ``"12"``); a positive exponent (``Decimal("1E+3")``) prints as an
      integer (``"1.000"``), never in scientific notation.
    * ``desimal=n`` (int >= 0) rounds half-up to ``n`` places (``2,345`` -> ``2,35``).
    * negative values get a leading ``-`` (``"-1.234,5"``); a value that is (or rounds to)
      zero is printed without sign.
    * ``None`` -> ``"–"`` (en dash, :data:`KOSONG`): a missing value, not zero.
    * ``float`` -> ``TypeError``; NaN / Infinity -> ``ValueError``.
    """
    if nilai is None:
        return KOSONG
    nilai = _ke_decimal(nilai)
    _cek_desimal(desimal)
    negatif, teks = _angka_tanpa_tanda(nilai, desimal)
    return ("-" if negatif else "") + teks


def format_persen(nilai, desimal=2) -> str:
    """``Decimal("97.314")`` -> ``"97,31 %"`` (space before ``%``); ``None`` -> ``"–"``.

    ``nilai`` is already in percent (97,31 means 97,31 %, not 9.731 %). ``desimal`` as in
    :func:`format_angka` (default 2, half-up; ``None`` keeps the value's exponent).
    """
    if nilai is None:
        return KOSONG
    return format_angka(nilai, desimal) + " %"


SPASI_TAK_PUTUS = "\u00a0"
_ANGKA_PERSEN = re.compile(r"(\d) (?=[%‰])")
_RP_ANGKA = re.compile(r"\bRp (?=-?\d)")


def rekat_satuan(teks: str) -> str:
    """A printed text with every number kept on one line with its unit: the space in ``12,5 %`` and
    ``Rp 1.000`` becomes a no-break space, so a line never starts with a lone ``%``."""
    return _RP_ANGKA.sub("Rp" + SPASI_TAK_PUTUS, _ANGKA_PERSEN.sub(r"\1" + SPASI_TAK_PUTUS, teks))


def format_rupiah(nilai, desimal=0) -> str:
    """``Decimal("1234567")`` -> ``"Rp 1.234.567"``; negative -> ``"-Rp 1.234.567"``.

    ``desimal`` defaults to 0 (rounded half-up to whole Rupiah); ``desimal=2`` gives
    ``"Rp 1.234.567,50"``. ``None`` -> ``"–"``.
    """
    if nilai is None:
        return KOSONG
    nilai = _ke_decimal(nilai)
    _cek_desimal(desimal)
    negatif, teks = _angka_tanpa_tanda(nilai, desimal)
    return ("-" if negatif else "") + "Rp " + teks


def desimal_rupiah(nilai) -> int:
    """Decimals an amount of money is printed with: 2 when it has sen (after rounding half-up to
    sen), else 0. ``1234567.89`` -> 2; ``1234567.00`` and ``1234567.001`` -> 0."""
    n = _ke_decimal(nilai)
    sen = n.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return 0 if sen == sen.to_integral_value() else 2


def format_tanggal(tanggal) -> str:
    """``date(2024, 12, 31)`` -> ``"31 Desember 2024"`` (day without leading zero).

    A ``datetime`` is formatted by its own date part (convert to local time first if needed).
    ``None`` -> ``"–"``; any other type -> ``TypeError``.
    """
    if tanggal is None:
        return KOSONG
    if not isinstance(tanggal, datetime.date):
        raise TypeError(f"tanggal harus date, bukan {type(tanggal).__name__}")
    return f"{tanggal.day} {NAMA_BULAN[tanggal.month - 1]} {tanggal.year}"


# ---------------------------------------------------------------------------
# Parsing
# ---------------------------------------------------------------------------


class AngkaTidakValid(ValueError):
    """Text that cannot be read as an Indonesian number.

    ``pesan`` holds a message in Bahasa Indonesia suitable for the user; ``str(exc)`` is the
    same message. ``teks`` is the original input.
    """

    def __init__(self, pesan: str, teks=None):
        super().__init__(pesan)
        self.pesan = pesan
        self.teks = teks

    def __str__(self) -> str:
        return self.pesan


_SPASI = re.compile(r"\s+")
_RP = re.compile(r"^rp\.?\s*", re.IGNORECASE)
_TANDA = "-+\u2212"  # hyphen-minus, plus, Unicode minus sign
_RIBUAN_SAH = re.compile(r"^[1-9][0-9]{0,2}(\.[0-9]{3})+$")
_ANGKA_POLOS = re.compile(r"^[0-9]+$")


def parse_angka(teks, *, ribuan=False) -> Decimal:
    """Read Indonesian-formatted text as an exact Decimal, refusing anything ambiguous.

    Accepted (examples -> result):

    * ``"79,143"`` -> 79.143, ``"0,40"`` -> 0.40 (exponent kept), ``"1234,5"`` -> 1234.5;
    * ``"1.234.567,89"`` -> 1234567.89, ``"1.234.567"`` -> 1234567;
    * ``"70,30 %"`` / ``"70,30%"`` -> 70.30 (the number as written, still in percent);
    * ``"Rp 1.234.567"``, ``"Rp1.234.567"``, ``"Rp. 1.234.567"``, ``"-Rp 5"`` -> Rupiah amount;
    * ``"  12 "`` -> 12 (surrounding whitespace ignored); ``"-5,5"``, ``"+5"``, ``"−5"``.

    Rules (each violation raises :class:`AngkaTidakValid` with a message in Bahasa Indonesia):

    1. The text must be a ``str`` (else ``TypeError``) and not blank.
    2. Layout: optional sign (``-``, ``+`` or ``−``), optional ``Rp`` prefix (the sign may also
       follow it), digits, optional ``%`` suffix (not together with ``Rp``). Surrounding
       whitespace is ignored, and so is whitespace between the parts; whitespace *inside* the
       digits (``"1 234"``) is refused.
    3. Only the ASCII digits 0-9, ``.`` and ``,`` may appear in the number; letters
       (``"12a"``, ``"1e5"``) or other characters are refused.
    4. The comma is the decimal separator and may appear at most once (``"1,234,567"`` is
       refused); it needs digits on both sides (``"12,"`` and ``",5"`` are refused) and no dot
       may follow it (``"1,234.5"`` is refused as English notation).
    5. A dot is only a thousands separator: the part before the comma must be grouped as
       ``d.ddd.ddd`` — a first group of 1-3 digits not starting with 0, then groups of exactly
       three digits. ``"1.23.456"``, ``"1234.567"`` and ``"0.123"`` are refused.
    6. A single dot followed by exactly three digits and no comma (``"79.143"``) is
       *ambiguous* (79143 with a thousands dot, or 79,143 in English notation) and is refused
       with a request to write ``"79.143,0"`` or ``"79,143"``. With two or more dots
       (``"1.234.567"``) or with a comma (``"79.143,0"``) the dots are unambiguous.
    7. A single dot that cannot be a thousands separator (``"70.30"``, ``"1234.5"``) is
       refused with the reminder that Indonesian uses a comma for decimals (``"70,30"``).

    ``ribuan=True`` (amount columns such as pagu, where decimals of a Rupiah never appear with
    a dot) and an ``Rp`` prefix both settle rule 6: ``"Rp 1.000"`` and ``"1.000"`` -> 1000.

    The result keeps the written number of decimals (``"0,40"`` -> ``Decimal("0.40")``);
    a negative zero is returned as ``Decimal("0")`` (with the same exponent).
    """
    if not isinstance(teks, str):
        raise TypeError(f"teks harus str, bukan {type(teks).__name__}")
    asli = teks
    s = teks.strip()
    if not s:
        raise AngkaTidakValid("Angka belum diisi (teks kosong).", asli)

    def tolak(pesan):
        raise AngkaTidakValid(pesan, asli)

    negatif = False

    def ambil_tanda(s):
        nonlocal negatif
        if s and s[0] in _TANDA:
            negatif = s[0] != "+"
            return s[1:].lstrip(), True
        return s, False

    s, ada_tanda = ambil_tanda(s)
    rupiah = False
    m = _RP.match(s)
    if m:
        rupiah = True
        s = s[m.end() :]
        if not ada_tanda:
            s, ada_tanda = ambil_tanda(s)
    persen = False
    if s.endswith("%"):
        persen = True
        s = s[:-1].rstrip()
    if rupiah and persen:
        tolak(f"'{asli.strip()}' tidak dapat dibaca: Rupiah (Rp) dan persen (%) tidak boleh dipakai bersama.")
    if not s:
        tolak(f"'{asli.strip()}' tidak berisi angka.")
    if s[0] in _TANDA:
        tolak(f"'{asli.strip()}' tidak dapat dibaca: tanda minus/plus hanya boleh satu kali, di depan angka.")
    huruf = [c for c in s if c.isalpha()]
    if huruf:
        tolak(f"'{asli.strip()}' bukan angka: mengandung huruf ('{huruf[0]}'). Tulis angka saja, contoh 1.234.567,89.")
    if any(c.isspace() for c in s):
        tolak(
            f"'{asli.strip()}' tidak dapat dibaca: ada spasi di tengah angka. Tulis angka "
            "tanpa spasi, dengan titik sebagai pemisah ribuan (contoh 1.234.567)."
        )
    asing = [c for c in s if c not in "0123456789.,"]
    if asing:
        tolak(
            f"'{asli.strip()}' bukan angka: karakter '{asing[0]}' tidak dikenali. Gunakan "
            "angka, titik untuk ribuan dan koma untuk desimal (contoh 1.234.567,89)."
        )

    if s.count(",") > 1:
        tolak(
            f"'{asli.strip()}' tidak dapat dibaca: koma muncul lebih dari satu kali. Dalam "
            "format Indonesia koma hanya dipakai sekali sebagai pemisah desimal dan titik "
            "sebagai pemisah ribuan (contoh 1.234.567,89)."
        )
    bulat, ada_koma, pecahan = s.partition(",")
    if ada_koma:
        if "." in pecahan:
            tolak(
                f"'{asli.strip()}' tidak dapat dibaca: ada titik setelah koma. Dalam format "
                "Indonesia titik adalah pemisah ribuan dan koma pemisah desimal "
                "(contoh 1.234.567,89)."
            )
        if not pecahan:
            tolak(f"'{asli.strip()}' tidak lengkap: tidak ada angka setelah koma.")
        if not bulat:
            tolak(f"'{asli.strip()}' tidak lengkap: tidak ada angka sebelum koma (tulis 0,{pecahan}).")

    if "." in bulat:
        jumlah_titik = bulat.count(".")
        if _RIBUAN_SAH.match(bulat):
            if jumlah_titik == 1 and not ada_koma and not (ribuan or rupiah):
                desimal_inggris = bulat.replace(".", ",")
                tolak(
                    f"Angka '{s}' ambigu: bisa berarti {bulat.replace('.', '')} (titik sebagai "
                    f"pemisah ribuan) atau {desimal_inggris} (titik desimal gaya Inggris). "
                    f'Tulis "{s},0" bila titiknya pemisah ribuan, atau '
                    f'"{desimal_inggris}" bila maksudnya angka desimal.'
                )
            bulat = bulat.replace(".", "")
        elif jumlah_titik == 1 and not ada_koma:
            kiri, _, kanan = bulat.partition(".")
            saran = f"{kiri or '0'},{kanan}"
            tolak(
                f"'{asli.strip()}' tidak dapat dibaca: titik di situ bukan pemisah ribuan "
                "yang sah. Bahasa Indonesia memakai koma untuk desimal: tulis "
                f'"{saran}".'
            )
        else:
            tolak(
                f"'{asli.strip()}' tidak dapat dibaca: pengelompokan ribuan salah. Titik "
                "pemisah ribuan harus diikuti tepat tiga digit (contoh 1.234.567), dan "
                "koma dipakai untuk desimal."
            )
    if not _ANGKA_POLOS.match(bulat) or (pecahan and not _ANGKA_POLOS.match(pecahan)):
        tolak(f"'{asli.strip()}' bukan angka yang sah.")  # pragma: no cover - defensive

    hasil = Decimal(f"{bulat}.{pecahan}" if pecahan else bulat)
    if negatif and not hasil.is_zero():
        hasil = hasil.copy_negate()
    return hasil


def parse_angka_atau_kosong(teks, *, ribuan=False):
    """Like :func:`parse_angka`, but ``None`` or blank/whitespace-only text -> ``None``."""
    if teks is None or (isinstance(teks, str) and not teks.strip()):
        return None
    return parse_angka(teks, ribuan=ribuan)


# ---------------------------------------------------------------------------
# Terbilang (amounts in words)
# ---------------------------------------------------------------------------

_SATUAN = (
    "nol",
    "satu",
    "dua",
    "tiga",
    "empat",
    "lima",
    "enam",
    "tujuh",
    "delapan",
    "sembilan",
)
# (power of 1000, name); "seribu" is the only contracted scale word ("satu juta", not "sejuta").
_SKALA = ((5, "kuadriliun"), (4, "triliun"), (3, "miliar"), (2, "juta"), (1, "ribu"))
#: Largest integer :func:`terbilang` reads: 999.999.999.999.999.999 (under 1.000 kuadriliun).
TERBILANG_MAKS = 10**18 - 1


def _ratusan(n: int) -> list[str]:
    """Words for 1..999 (empty list for 0)."""
    kata = []
    ratus, sisa = divmod(n, 100)
    if ratus == 1:
        kata.append("seratus")
    elif ratus > 1:
        kata += [_SATUAN[ratus], "ratus"]
    if sisa == 0:
        return kata
    if sisa < 10:
        kata.append(_SATUAN[sisa])
    elif sisa == 10:
        kata.append("sepuluh")
    elif sisa == 11:
        kata.append("sebelas")
    elif sisa < 20:
        kata += [_SATUAN[sisa - 10], "belas"]
    else:
        puluh, satu = divmod(sisa, 10)
        kata += [_SATUAN[puluh], "puluh"]
        if satu:
            kata.append(_SATUAN[satu])
    return kata


def _terbilang_bulat(n: int) -> str:
    if n == 0:
        return "nol"
    kata = []
    for pangkat, nama in _SKALA:
        blok, n = divmod(n, 1000**pangkat)
        if blok == 1 and pangkat == 1:
            kata.append("seribu")
        elif blok:
            kata += _ratusan(blok) + [nama]
    kata += _ratusan(n)
    return " ".join(kata)


def terbilang(nilai) -> str:
    """Indonesian words for a number: ``1234567`` -> ``"satu juta dua ratus tiga puluh empat
    ribu lima ratus enam puluh tujuh"``.

    * ``0`` -> ``"nol"``, ``11`` -> ``"sebelas"``, ``100`` -> ``"seratus"``, ``1000`` ->
      ``"seribu"``, ``1001000`` -> ``"satu juta seribu"``, ``2000000000`` -> ``"dua miliar"``;
      scales ribu, juta, miliar, triliun, kuadriliun; integer part up to
      :data:`TERBILANG_MAKS` (``ValueError`` above).
    * negative -> ``"minus ..."``.
    * a Decimal with a fractional part is read with ``koma`` and the written decimals digit
      by digit, as Indonesians read them aloud: ``Decimal("70.30")`` ->
      ``"tujuh puluh koma tiga nol"``. Trailing zeros after the comma are read because they
      are part of the written value; ``Decimal("5.0")`` is read as ``"lima koma nol"``.
    * lowercase, no trailing space; capitalise in the template if needed (``|capfirst``).
    * ``float`` -> ``TypeError``; NaN / Infinity -> ``ValueError``.
    """
    nilai = _ke_decimal(nilai)
    negatif = nilai.is_signed() and not nilai.is_zero()
    nilai = nilai.copy_abs()
    if nilai.as_tuple().exponent > 0:
        nilai = _bulatkan(nilai, 0)
    teks = format(nilai, "f")
    bulat, _, pecahan = teks.partition(".")
    bulat = int(bulat)
    if bulat > TERBILANG_MAKS:
        raise ValueError(f"terbilang hanya sampai {format_angka(TERBILANG_MAKS)}")
    hasil = _terbilang_bulat(bulat)
    if pecahan:
        hasil += " koma " + " ".join(_SATUAN[int(d)] for d in pecahan)
    return ("minus " if negatif else "") + hasil


def terbilang_rupiah(nilai) -> str:
    """An amount of money in words: ``1000000`` -> ``"satu juta rupiah"``.

    Rule for decimals: the amount is rounded half-up to whole sen (1 rupiah = 100 sen);
    non-zero sen are read after the rupiah as ``"... sen"``:

    * ``Decimal("1234.50")`` -> ``"seribu dua ratus tiga puluh empat rupiah lima puluh sen"``;
    * ``Decimal("0.75")`` -> ``"tujuh puluh lima sen"`` (no "nol rupiah");
    * ``Decimal("1000.00")`` -> ``"seribu rupiah"``; ``0`` -> ``"nol rupiah"``;
    * negative -> ``"minus ..."``; ``float`` -> ``TypeError``.
    """
    nilai = _bulatkan(_ke_decimal(nilai), 2)
    negatif = nilai.is_signed() and not nilai.is_zero()
    sen_total = int("".join(map(str, nilai.as_tuple().digits)))  # exact, exponent is -2
    rupiah, sen = divmod(sen_total, 100)
    if rupiah > TERBILANG_MAKS:
        raise ValueError(f"terbilang hanya sampai {format_angka(TERBILANG_MAKS)}")
    if sen and not rupiah:
        hasil = f"{_terbilang_bulat(sen)} sen"
    else:
        hasil = f"{_terbilang_bulat(rupiah)} rupiah"
        if sen:
            hasil += f" {_terbilang_bulat(sen)} sen"
    return ("minus " if negatif else "") + hasil


def normalisasi_nilai(nilai, minimal=2):
    """A measured value at the precision it carries: integers without decimals (98), otherwise
    its own decimals with at least `minimal` (70.3 -> 70.30, 79.143 -> 79.143); stored
    trailing zeros (100.000000) are dropped. None stays None."""
    if nilai is None:
        return None
    nilai = _ke_decimal(nilai)
    if nilai == nilai.to_integral_value():
        return nilai.quantize(Decimal(1))
    eksponen = -nilai.normalize().as_tuple().exponent
    return nilai.quantize(Decimal(1).scaleb(-max(minimal, min(eksponen, 6))))


def format_isian(nilai, teks="") -> str:
    """A stored value as an input field shows it, unrounded and without grouping, so the strict
    parser reads it back unchanged: ``Decimal("70.3")`` -> ``"70,30"``; a predicate text as is;
    None -> ``""``."""
    if teks:
        return teks
    return "" if nilai is None else str(normalisasi_nilai(nilai)).replace(".", ",")


def format_nilai(nilai, presisi=None, minimal=2) -> str:
    """A measured value (realisasi, target) as tables print it, at most `presisi` decimals.

    The value keeps its own decimals as :func:`normalisasi_nilai` gives them (98 -> ``"98"``,
    70.3 -> ``"70,30"``, 79.143 -> ``"79,143"``) and is rounded half-up to ``presisi`` places
    only when it carries more (72.717149 with presisi 2 -> ``"72,72"``; 98 stays ``"98"``).
    ``presisi=None`` rounds nothing. The trend charts print values the same way. Display
    only: stored values and the capaian computed from them keep every decimal.
    ``None`` -> ``"–"``; ``float`` -> ``TypeError``.
    """
    if nilai is None:
        return KOSONG
    _cek_desimal(presisi)
    nilai = normalisasi_nilai(nilai, minimal)
    if presisi is not None and -nilai.as_tuple().exponent > presisi:
        return format_angka(nilai, presisi)
    return format_angka(nilai)
