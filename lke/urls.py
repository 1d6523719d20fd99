from django.urls import path

from . import views, views_lhe, views_pemda

AWAL = "opd/<slug:kode>/lke/<tahun:tahun>/"

urlpatterns = [
    path(AWAL, views.lke, name="lke"),
    path(AWAL + "aksi/", views.aksi, name="lke_aksi"),
    path(AWAL + "lke.xlsx", views.lke_xlsx, name="lke_xlsx"),
    path(AWAL + "lhe/", views_lhe.lhe, name="lke_lhe"),
    path(AWAL + "lhe.pdf", views_lhe.lhe_pdf, name="lke_lhe_pdf"),
    path("opd/<slug:kode>/lke/bukti/<int:pk>/", views.bukti, name="lke_bukti"),
    path("opd/<slug:kode>/lke/bukti/<int:pk>/hapus/", views.bukti_hapus, name="lke_bukti_hapus"),
    path("lke/<tahun:tahun>/", views_pemda.lke_pemda, name="lke_pemda"),
    path("lke/<tahun:tahun>/kerangka/", views_pemda.kerangka, name="lke_kerangka"),
]
