"""Pure analysis: classify sentences, goals and risks, tie-back to the story, role playbook."""
