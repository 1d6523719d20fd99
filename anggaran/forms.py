from django import forms

from sakip.impor import FormUnggahXlsx

from .models import Pagu


class UnggahRealisasiAnggaranForm(FormUnggahXlsx):
    berkas = forms.FileField(
        label="Berkas Excel (.xlsx)",
        help_text="Tata letak seperti tabel Realisasi Anggaran: Kode, Uraian, Indikator Kinerja, Satuan, Target, "
        "Realisasi Kinerja, Pagu, Realisasi Anggaran.",
    )
    jenis_pagu = forms.ChoiceField(
        label="Pagu dalam berkas adalah", choices=Pagu.Jenis.choices, initial=Pagu.Jenis.PERUBAHAN
    )
    triwulan = forms.TypedChoiceField(
        label="Realisasi dalam berkas adalah realisasi s.d.",
        coerce=int,
        initial=4,
        choices=[(1, "Triwulan I"), (2, "Triwulan II"), (3, "Triwulan III"), (4, "Triwulan IV (setahun)")],
    )
