from django.contrib import admin

from tansiq.analysis.models import TaskProgress


@admin.register(TaskProgress)
class TaskProgressAdmin(admin.ModelAdmin[TaskProgress]):
    list_display = ["name", "started_by", "created_at", "fraction", "message"]
    list_filter = ["name", "created_at"]
    search_fields = ["name", "task_id", "message", "started_by__username"]
    readonly_fields = ["task_id", "name", "fraction", "message", "started_by", "created_at"]
