"""REST API v1, one module per domain. Reads go through the selectors, writes through the services."""
