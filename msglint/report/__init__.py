"""Reporters: each turns a LintResult into one output format."""
