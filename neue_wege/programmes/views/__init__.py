"""Views: thin, ask privacy.access, call one service, render."""
