"""The captioning service: options, image intake, the batching engine and its cache, model
loading and precision, fast decoding, and the local and remote engines. It knows nothing of
chats, storage or platforms."""
