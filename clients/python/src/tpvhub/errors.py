"""What the hub refused, and jobs that did not succeed."""


class HubError(Exception):
    """A request the hub answered with an error: its problem document (RFC 9457), whose `detail`
    says what is wrong and what to do."""

    def __init__(self, status, problem, method="", url=""):
        self.status = status
        self.problem = problem
        self.title = problem.get("title", "")
        self.detail = problem.get("detail", "")
        self.method = method
        self.url = url
        super().__init__(f"{status} {self.title}: {self.detail}" if self.title else f"{status}: {self.detail}")

    def __getattr__(self, name):
        # Extra members of the problem document: existing_id, init_id, job_id, line, models.
        problem = self.__dict__.get("problem", {})
        if name in problem:
            return problem[name]
        raise AttributeError(name)

    @classmethod
    def from_response(cls, response):
        try:
            problem = response.json()
            if not isinstance(problem, dict):
                raise ValueError
        except ValueError:
            # Not a problem document (a proxy's page, an empty body): keep the start of what came.
            problem = {"title": response.reason or "", "detail": response.text[:300]}
        return cls(response.status_code, problem, response.request.method if response.request else "", response.url)


class JobFailed(Exception):
    """A job that ended failed or cancelled; `job` is the hub's final view of it."""

    def __init__(self, job):
        self.job = job
        reason = job.get("error") or ("cancelled" if job.get("status") == "cancelled" else "no reason given")
        super().__init__(f"job {job.get('id')} {job.get('status')}: {reason}")
