from django import template

register = template.Library()


@register.filter
def ambil_total(total, item_id):
    return total.get(item_id)
