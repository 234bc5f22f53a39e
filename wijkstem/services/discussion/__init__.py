"""Discussion: comments and replies, their counts, links held for review, reports and the report queue."""
