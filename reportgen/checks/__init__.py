"""Pre-filing checks: the rule engine, the rule registry, findings and --fix."""
