"""The foreign-aid registry: programmes, projects (IATI activities), their transactions and exchange rates."""
