"""Ranking: a report's tagged sentences to its key sentences, cut to their core, keywords and practices."""
