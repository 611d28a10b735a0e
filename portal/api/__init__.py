"""The read-only public content API (/api/v1)."""
