from django.urls import path

from .views import guide, progress, submit

app_name = "portal"

urlpatterns = [
    path("", guide.index, name="index"),
    path("guide/", guide.guide_page, name="guide"),
    path("captcha.png", submit.captcha_png, name="captcha"),
    path("submit/", submit.verify_phone, name="submit"),
    path("submit/form/", submit.submit_form, name="submit_form"),
    path("submit/done/", submit.submit_done, name="submit_done"),
    path("lookup/", progress.lookup, name="lookup"),
    path("progress/", progress.progress, name="progress"),
    path("progress/rate/", progress.rate, name="rate"),
    path("progress/review/", progress.review, name="review"),
    path("progress/reply.pdf", progress.reply_pdf, name="reply_pdf"),
    path("progress/leave/", progress.leave, name="leave"),
]
