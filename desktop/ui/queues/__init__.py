"""The Queues view: the queue table model, the peek panel and the page that joins them."""
