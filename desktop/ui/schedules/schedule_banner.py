"""The Schedules page's message strip, with its own names for the actions it offers."""

from __future__ import annotations

from desktop.ui.processes.banner import MessageBanner

#: The banner's actions on this page (what :class:`PageActions.banner_action` runs).
UNDO, RELOAD, DISCARD_AND_RELOAD = "undo", "reload", "discard"


class ScheduleBanner(MessageBanner):
    """A :class:`MessageBanner` whose action links say what they do to the schedule file."""

    def _action_label(self, action: str) -> str:
        labels = {
            UNDO: self.tr("Undo"),
            RELOAD: self.tr("Reload the file"),
            DISCARD_AND_RELOAD: self.tr("Discard my changes and reload"),
        }
        return labels.get(action, super()._action_label(action))
