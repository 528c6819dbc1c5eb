"""Actors of the events app (registration mails, badge batches) arrive with their issues."""
