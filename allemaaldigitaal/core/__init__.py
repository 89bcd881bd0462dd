"""The core that every feature stands on, and that knows no feature: errors, enums, models, lifecycle, tags, access."""
