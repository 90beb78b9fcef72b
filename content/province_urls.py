"""Province-wide pages of this section (across all agencies)."""

app_name = "content_province"
urlpatterns = []
