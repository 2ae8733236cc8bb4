from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "neue_wege.evaluation"
    label = "evaluation"

    def ready(self) -> None:
        from neue_wege.evaluation import noshow

        noshow.register()
