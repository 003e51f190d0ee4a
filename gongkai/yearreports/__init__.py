"""年报编制: an agency's annual report made on the platform from its own data — compiled
tables, the narrative written by its clerk, checked, rendered and published."""
