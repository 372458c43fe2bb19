"""The directory: organizations in their hierarchy, partner organizations and officials with their titles."""
