"""Care organisations: claims for devices, and handouts to the people they help."""
