"""``communique serve``: a local web app and JSON API over the store."""

from __future__ import annotations

from communique.web.app import create_app, serve_command

__all__ = ["create_app", "serve_command"]
