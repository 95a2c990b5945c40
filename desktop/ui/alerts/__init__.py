"""Alerts in the window: the center that evaluates rules, the Alerts page, the tray (#14)."""
