"""Users, their roles and units, the scope rules that every reader and writer applies, login throttling."""
