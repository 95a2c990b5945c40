"""The Qt-free side of the Schedules view: preview, description, presets, the editable file.

- :mod:`.preview`: the next runs of a schedule, computed with Celery's own schedule objects,
  with notes on days when DST moves or skips a run;
- :mod:`.describe`: a plain-language description in English and Chinese;
- :mod:`.presets`: crontab presets (every minute, hourly, daily, weekly, monthly) both ways;
- :mod:`.document`: the schedule file as an editable, undoable document;
- :mod:`.remote`: blocking calls to the broker (registered tasks, run now, beat status);
- :mod:`.code_import`: the app's code-defined schedules as file entries;
- :mod:`.sample`: the demo's starting schedule file.
"""
