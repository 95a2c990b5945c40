<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>BeatStatusWidget</name>
    <message>
        <source>No beat is running this schedule file</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CodeScheduleSection</name>
    <message>
        <source>Code-defined schedules (read-only: the file scheduler ignores them)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading the project&apos;s code-defined schedules…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import the project again in its own interpreter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy selected into the file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy all into the file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The project defines no periodic task in code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} in the project&apos;s code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This profile has no project. Add yours (Profiles → Edit profile…: its directory, interpreter and -A module) to see its code-defined schedules.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>IntervalForm</name>
    <message numerus="yes">
        <source>The interval in seconds, at least %n; fractions are allowed</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>must be at least %n second(s): beat cannot keep a shorter interval</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SchedulesPage</name>
    <message>
        <source>No entries in this schedule file yet. Copy the project&apos;s code-defined ones (below), or add one with New.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Project default ({0})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Default ({0})</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SwitchFlow</name>
    <message>
        <source>Switch the beat to this file…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run this profile&apos;s beat with Celery Desk&apos;s file scheduler on this file, so saved edits apply within a second without a restart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Switch the beat to the file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run “{0}” with the file scheduler on {1}?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file scheduler sends only this file&apos;s entries. The periodic tasks the project defines in code (beat_schedule, add_periodic_task) stop running unless they are in the file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} of them are not in the file yet: copy them first?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot be copied, and will stop running: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>If another beat runs this project&apos;s code-defined schedules elsewhere, stop it, or copied entries run twice.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy, save and switch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Switch without copying</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save and switch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy {0} code-defined entries</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Beat not switched: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0}; waiting for it to apply revision {1}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
