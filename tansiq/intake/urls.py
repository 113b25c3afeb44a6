from django.urls import path

from tansiq.intake import views

app_name = "intake"

urlpatterns = [
    path("", views.intake, name="form"),
    path("saved/<int:pk>/", views.saved, name="saved"),
]
