from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "neue_wege.evaluation"
    label = "evaluation"
