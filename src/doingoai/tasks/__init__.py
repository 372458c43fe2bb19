"""Conferences and the tasks they assign: from conclusions in text to tracked, reported tasks."""
