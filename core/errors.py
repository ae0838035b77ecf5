"""Errors that carry every problem found in an input, so that all can be fixed at once."""


class ProblemsError(Exception):
    """Invalid input: `problems` lists each one, in French, situated (file, record, field)."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))
