"""Province-wide pages of this section (across all agencies)."""

app_name = "schedules_province"
urlpatterns = []
