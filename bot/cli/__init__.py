"""Command-line subcommands of main.py that are more than a few lines (caption, train, shapes)."""
