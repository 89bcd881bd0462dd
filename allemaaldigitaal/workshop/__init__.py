"""Workshop: receiving devices, wiping every storage medium, checks and labels."""
