from django import forms, template
from django.utils.html import format_html, format_html_join

register = template.Library()


@register.simple_tag
def filter_widget(field):
    """A filter field's control. Selects are written here in one pass: Django's widget templates
    render every option through an include, which made a long list of agencies the slowest part of
    the page."""
    widget = field.field.widget
    if not isinstance(widget, forms.Select):
        return field.as_widget()
    current = field.value()
    current = "" if current is None else str(current)
    options = format_html_join(
        "", '<option value="{}"{}>{}</option>',
        ((value, " selected" if str(value) == current else "", label) for value, label in field.field.choices))
    return format_html('<select name="{}" id="{}">{}</select>', field.html_name, field.id_for_label, options)
