# The FK to the parent PK is named for what it holds, a PerjanjianKinerja, not `pk_atasan`
# (read as a primary key); the related names follow. Data and the exchange formats are unchanged.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('kinerja', '0005_berkas_aman'),
        ('sakip', '0005_berkas_aman'),
    ]

    operations = [
        migrations.RenameField(
            model_name='perjanjiankinerja',
            old_name='pk_atasan',
            new_name='perjanjian_atasan',
        ),
        migrations.RenameField(
            model_name='historicalperjanjiankinerja',
            old_name='pk_atasan',
            new_name='perjanjian_atasan',
        ),
        migrations.AlterField(
            model_name='perjanjiankinerja',
            name='perjanjian_atasan',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='perjanjian_bawahan', to='kinerja.perjanjiankinerja', verbose_name='PK atasan'),
        ),
        migrations.AlterField(
            model_name='perjanjiankinerja',
            name='opd',
            field=models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='perjanjian_set', to='sakip.opd'),
        ),
        migrations.AlterField(
            model_name='perjanjiankinerja',
            name='jabatan',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='perjanjian_set', to='sakip.jabatan'),
        ),
        migrations.AlterField(
            model_name='perjanjiankinerja',
            name='pejabat',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='perjanjian_set', to='sakip.pejabat', verbose_name='pejabat penanda tangan'),
        ),
    ]
