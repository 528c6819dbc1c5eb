"""The events themselves: making and changing them, listing them, themes and venues,
their bounds."""
