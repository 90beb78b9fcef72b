"""Province-wide pages of this section (across all agencies)."""

app_name = "dispatches_province"
urlpatterns = []
