"""The server-rendered web UI: Jinja2 templates (autoescaped), static assets shipped in the package."""
