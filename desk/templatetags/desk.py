from django import template

from ..notifications import unread_count

register = template.Library()


@register.simple_tag(takes_context=True)
def desk_unread(context):
    """The number of the user's unread notifications, for the counter in the admin header."""
    desk = context.get("desk")
    if desk is not None:
        return desk.unread  # the home has counted them already
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return 0
    return unread_count(user)
