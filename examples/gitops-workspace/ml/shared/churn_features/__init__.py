"""Feature definitions shared by the churn pipelines (a sharedPythonPaths folder)."""

FEATURES = ["tenure_days", "support_tickets_90d", "monthly_spend"]


def feature_list() -> str:
    return ",".join(FEATURES)
