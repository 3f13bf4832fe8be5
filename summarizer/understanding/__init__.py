"""Understanding: a report's paragraphs to its page facts, kind, place, sections, figures and indicators."""
