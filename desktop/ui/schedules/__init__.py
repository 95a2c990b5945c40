"""The Schedules view: entries of the schedule file, their editor and beat's status."""
