"""The caption service on Ray Serve: the worker API served by replicas of the engine."""
