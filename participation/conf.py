"""The section's settings, each readable from Django settings with a default (12-factor: set them
in the settings module from the environment when a province needs other values)."""

from django.conf import settings

DEFAULTS = {
    # Working days to answer a question (the agency's own commitment; configurable).
    "PARTICIPATION_ANSWER_WORKING_DAYS": 10,
    # Days after a consultation closes by which the summary of comments must be published.
    "PARTICIPATION_SUMMARY_DAYS": 30,
    # Minimum comment period in days (Law 64/2025/QH15; docs/participation.md).
    "PARTICIPATION_MIN_COMMENT_DAYS": 20,
    # Days after an item is closed before the contact details of its author are erased.
    "PARTICIPATION_RETENTION_DAYS": 365,
    # Abuse controls of the public forms.
    "PARTICIPATION_MIN_FILL_SECONDS": 5,
    "PARTICIPATION_MAX_FORM_AGE_SECONDS": 4 * 3600,
    "PARTICIPATION_MAX_TEXT": 5000,
    "PARTICIPATION_MAX_POSTS_PER_ADDRESS": 5,  # per hour, per IP address
    "PARTICIPATION_MAX_POSTS_PER_CONTACT": 3,  # per day, per e-mail or phone
    "PARTICIPATION_CHALLENGE_AFTER": 2,  # posts from one address within an hour before arithmetic is asked
    "PARTICIPATION_DUPLICATE_SECONDS": 24 * 3600,
}


def get(name):
    return getattr(settings, name, DEFAULTS[name])
