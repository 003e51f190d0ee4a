"""Tests of gongkai.disclosure (plain Python: outcomes, table counting, fees)."""
