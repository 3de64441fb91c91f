"""Server-rendered pages, one module per domain. Reads through the selectors, writes through the
services; every permission question goes to the access layer."""
