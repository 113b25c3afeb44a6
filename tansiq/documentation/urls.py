from django.urls import path

from tansiq.documentation import views

app_name = "documentation"

urlpatterns = [
    path("", views.record_list, name="record_list"),
    path("<int:pk>/", views.record_detail, name="record_detail"),
    path("evidence/<int:pk>/", views.evidence_file, name="evidence_file"),
]
