"""The audit log: who created, changed or deleted what, when, with the values before and after."""
