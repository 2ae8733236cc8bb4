"""Staff pages of the strengths app: the facilitator's run space and catalogue editing."""
