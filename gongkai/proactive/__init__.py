"""主动公开 in plain Python (no Django): the review chain of an item's revision as a state
machine replayed from its log (review.py), and the 索引号 rule (index_numbers.py)."""
