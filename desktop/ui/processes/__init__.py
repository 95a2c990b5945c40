"""The Processes view: worker, beat and broker children started, watched and stopped."""
