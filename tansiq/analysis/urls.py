from django.urls import path

from tansiq.analysis import views

app_name = "analysis"
urlpatterns = [
    path("tasks/", views.task_list, name="task_list"),
    path("tasks/audit-check/", views.start_audit_check, name="start_audit_check"),
    path("tasks/<int:pk>/", views.task_detail, name="task_detail"),
    path("tasks/<int:pk>.json", views.task_progress_json, name="task_progress_json"),
]
