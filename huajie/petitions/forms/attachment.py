"""The upload form of the case page (the action forms are built from `petitions.actions`)."""

from __future__ import annotations

from django import forms


class AttachmentForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    file = forms.FileField(
        label="材料文件",
        widget=forms.ClearableFileInput(attrs={"class": "form-control"}),
        error_messages={"required": "请选择要上传的文件。", "empty": "文件是空的，请重新选择。"},
    )
