"""Endorsements: endorsing a pillar, the endorsement and people counters, and share-code referrals."""
