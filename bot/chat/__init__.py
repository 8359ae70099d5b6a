"""The chat application: boundary types, the conversation, picture work, understanding, styles and
the texts users see. It captions through `bot.captioning` and stores through `storage`."""
