"""Briefing: the reports to one digest (overview, shared practices, comparison, indicators, parts)."""
