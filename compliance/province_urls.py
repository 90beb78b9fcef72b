"""Province-wide pages of this section (across all agencies)."""

app_name = "compliance_province"
urlpatterns = []
