"""Caption quality on a test set: loading it (training JSONL or COCO captions), captioning it
through the batching engine, and scoring the captions with pycocoevalcap's standard metrics."""
