"""Province-wide pages of this section (across all agencies)."""

app_name = "procedures_province"
urlpatterns = []
