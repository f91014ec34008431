"""What every experiment is given: the plan, the hub (through the runner), the shared data and a log."""
from dataclasses import dataclass

from .datasets import DatasetUploader, SharedData
from .plan import Plan
from .runner import Runner


@dataclass
class Context:
    plan: Plan
    runner: Runner
    data: SharedData
    uploader: DatasetUploader
    log: object

    @property
    def hub(self):
        return self.runner.hub

    def source_tasks(self):
        return list(self.plan.source_tasks or self.data.names())

    def source_parameters(self):
        """Prompt tuning of a source task: `source_steps` steps over the whole train split."""
        p = self.plan
        return {"max_steps": p.source_steps, "learning_rate": p.learning_rate, "batch_size": p.batch_size,
                "validation_limit": p.validation_limit}
