"""Comparing two versions of a department source: ``budgetgen diff`` (files or Git revisions)."""
