"""Operator controls, platform-free: who may use the bot (allow-lists, blocks, admins), how much
(usage limits counted in the database), and how it is doing (stats, Prometheus metrics)."""
