"""Template access checks: `{% load akses_tags %}{% if user|boleh_aksi:"reviu_dokumen" %}` asks
sakip.akses whether the user may do an action anywhere (no query: the role and its binding)."""

from django import template

from sakip.akses import jangkauan

register = template.Library()


@register.filter
def boleh_aksi(user, aksi):
    return jangkauan(user, aksi) is not None
