from django.urls import path

from . import views

urlpatterns = [
    path("opd/<slug:kode>/anggaran/<int:tahun>/", views.anggaran_opd, name="anggaran_opd"),
    path("opd/<slug:kode>/anggaran/<int:tahun>/ekspor.xlsx", views.ekspor_anggaran, name="anggaran_ekspor"),
    path("opd/<slug:kode>/anggaran/<int:tahun>/impor/", views.impor_anggaran, name="anggaran_impor"),
    path(
        "opd/<slug:kode>/anggaran/<int:tahun>/impor/<int:pk>/", views.pratinjau_impor, name="anggaran_impor_pratinjau"
    ),
    path(
        "opd/<slug:kode>/anggaran/<int:tahun>/impor/<int:pk>/terapkan/",
        views.terapkan_impor,
        name="anggaran_impor_terapkan",
    ),
]
