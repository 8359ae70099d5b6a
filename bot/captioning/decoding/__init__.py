"""Fast generation for ViT-GPT2 style captioners: the decoder loop and the searches over it."""
