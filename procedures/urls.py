"""Pages of this section under an agency (/<agency>/... or the agency's own host)."""

app_name = "procedures"
urlpatterns = []
