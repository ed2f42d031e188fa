from django.urls import path
from django.views.decorators.http import require_safe

from crises import views
from crises.feeds import NewsFeed

app_name = "news"

urlpatterns = [
    path("", views.news_list, name="list"),
    path("feed/", require_safe(NewsFeed()), name="feed"),
    path("<slug:slug>/", views.news_detail, name="detail"),
]
