from django.urls import path

from . import views

urlpatterns = [
    path("opd/<slug:kode>/workbook/", views.workbook_opd, name="workbook_opd"),
    path("opd/<slug:kode>/workbook/<tahun:tahun>/unduh.xlsx", views.workbook_unduh, name="workbook_unduh"),
    path("workbook/templat.xlsx", views.workbook_templat, name="workbook_templat"),
    *views.alur_impor.urls("opd/<slug:kode>/workbook/<tahun:tahun>/impor/"),
]
