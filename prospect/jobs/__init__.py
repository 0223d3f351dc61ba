"""A team's nightly refresh on a real job queue (procrastinate on the shared PostgreSQL)."""
