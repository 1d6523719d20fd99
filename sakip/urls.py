from django.contrib import admin
from django.urls import include, path

from . import views

handler400 = "sakip.views.galat_400"

admin.site.site_header = "Administrasi SAKIP"
admin.site.site_title = "SAKIP"
admin.site.index_title = "Data induk"

urlpatterns = [
    path("masuk/", views.MasukView.as_view(), name="masuk"),
    path("keluar/", views.KeluarView.as_view(), name="keluar"),
    path("sesi/", views.sesi, name="sesi"),
    path("akun/kata-sandi/", views.GantiKataSandiView.as_view(), name="ganti_kata_sandi"),
    path("masuk/lupa/", views.LupaKataSandiView.as_view(), name="lupa_kata_sandi"),
    # The same page under the name the admin login links to ("Lupa kata sandi?").
    path("masuk/lupa/", views.LupaKataSandiView.as_view(), name="admin_password_reset"),
    path("masuk/lupa/terkirim/", views.KataSandiTerkirimView.as_view(), name="kata_sandi_terkirim"),
    path("masuk/reset/<uidb64>/<token>/", views.ResetKataSandiView.as_view(), name="reset_kata_sandi"),
    path("masuk/reset/selesai/", views.KataSandiSelesaiView.as_view(), name="kata_sandi_selesai"),
    path("akun/token-api/", views.token_api, name="token_api"),
    path("pemberitahuan/", views.pemberitahuan_daftar, name="pemberitahuan_daftar"),
    path("pemberitahuan/<int:pk>/buka/", views.pemberitahuan_buka, name="pemberitahuan_buka"),
    path("pemberitahuan/baca-semua/", views.pemberitahuan_baca_semua, name="pemberitahuan_baca_semua"),
    path("opd/<slug:kode>/jabatan/<int:pk>/", views.jabatan_detail, name="jabatan_detail"),
    path("", include("pertukaran.urls")),
    path("", include("anggaran.urls")),
    path("", include("laporan.urls")),
    path("", include("kinerja.urls")),
    path("", include("reviu.urls")),
    path("", include("renstra.urls")),
    path("", include("lke.urls")),
    path("api/v1/", include("api.urls")),
    path("admin/", admin.site.urls),
    # Only the logos are public, read through the storage (a proxy may serve MEDIA_ROOT/logo/ itself);
    # evidence, report files and the caches go through access-checked views.
    path("media/logo/<path:path>", views.logo),
]
