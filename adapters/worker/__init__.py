"""The caption worker's HTTP front end: serves the captioning engine to bots on other machines."""
