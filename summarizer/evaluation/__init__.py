"""Evaluation: ROUGE of our summaries and of peer summarisers against reference summaries."""
