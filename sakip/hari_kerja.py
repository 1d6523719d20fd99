"""Working days of Indonesian government offices: not a weekend, a national holiday or a cuti bersama.

The calendar is the `holidays` package (Indonesia, categories public and government), maintained
upstream and computed offline: the Islamic holidays follow the government's decree where the
package has it, otherwise its estimate. A signing date is put on a working day with
`hari_kerja_berikut`.
"""

from __future__ import annotations

import datetime
import functools

import holidays

# Cuti bersama ("government") are days off for civil servants too: nobody signs a report then.
KATEGORI = (holidays.PUBLIC, holidays.GOVERNMENT)
# Far enough for any report date; the loop below never runs past it.
BATAS_HARI = 31


@functools.lru_cache(maxsize=32)
def _kalender(tahun: int) -> holidays.HolidayBase:
    return holidays.Indonesia(years=tahun, categories=KATEGORI, language="id")


def nama_libur(tanggal: datetime.date) -> str | None:
    """Why `tanggal` is not a working day ("Sabtu", "Hari Raya Idul Fitri", …), or None."""
    libur = _kalender(tanggal.year).get(tanggal)
    if libur:
        return libur
    if tanggal.weekday() >= 5:
        return "Sabtu" if tanggal.weekday() == 5 else "Minggu"
    return None


def hari_kerja(tanggal: datetime.date) -> bool:
    return nama_libur(tanggal) is None


def hari_kerja_berikut(tanggal: datetime.date) -> datetime.date:
    """`tanggal` when it is a working day, else the first working day after it."""
    for geser in range(BATAS_HARI):
        hari = tanggal + datetime.timedelta(days=geser)
        if hari_kerja(hari):
            return hari
    raise ValueError(f"Tidak ada hari kerja dalam {BATAS_HARI} hari sejak {tanggal}.")  # a broken calendar
