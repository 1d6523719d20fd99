from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.static import serve

from . import views

handler400 = "sakip.views.galat_400"

admin.site.site_header = "Administrasi SAKIP"
admin.site.site_title = "SAKIP"
admin.site.index_title = "Data induk"

urlpatterns = [
    path("masuk/", views.MasukView.as_view(), name="masuk"),
    path("keluar/", views.KeluarView.as_view(), name="keluar"),
    path("opd/<slug:kode>/jabatan/<int:pk>/", views.jabatan_detail, name="jabatan_detail"),
    path("", include("pertukaran.urls")),
    path("", include("anggaran.urls")),
    path("", include("laporan.urls")),
    path("", include("kinerja.urls")),
    path("", include("reviu.urls")),
    path("", include("renstra.urls")),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    # Only the logos are public; evidence, report files and the piece cache go through access-checked views.
    urlpatterns += [path("media/logo/<path:path>", serve, {"document_root": settings.MEDIA_ROOT / "logo"})]
