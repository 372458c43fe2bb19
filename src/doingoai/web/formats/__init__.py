"""The project's number and date formats per language (Django's FORMAT_MODULE_PATH)."""
