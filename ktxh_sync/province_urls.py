"""Province-wide pages of this section (across all agencies)."""

app_name = "ktxh_sync_province"
urlpatterns = []
