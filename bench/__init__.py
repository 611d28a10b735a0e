"""Benchmark scripts: they print figures; tests never time anything."""
