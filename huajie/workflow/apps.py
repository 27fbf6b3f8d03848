from django.apps import AppConfig


class WorkflowConfig(AppConfig):
    name = "huajie.workflow"
    label = "workflow"
    verbose_name = "办理流程"
