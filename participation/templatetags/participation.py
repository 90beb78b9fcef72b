from django import template

register = template.Library()


@register.simple_tag
def consultation_state(consultation, today):
    """(state, days left) of a consultation on ``today``, for lists."""
    return consultation.state(today), consultation.days_left(today)
