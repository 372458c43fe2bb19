"""The web platform: Django settings, URLs, the base layout and the pages shared by all apps."""
