"""Council: responses, roles, status, the dossier and summary PDF, milestones, follows and digests."""
