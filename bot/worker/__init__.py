"""Captioning over HTTP: a worker that serves the engine, and a client that bots use instead."""
