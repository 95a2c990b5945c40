<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>FilterBar</name>
    <message>
        <source>Search, e.g. name:add state:failure NOT args:42</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All names</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All workers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pause</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hold the live updates of every view; events are still collected.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Visible rows as CSV…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Visible rows as JSON…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Forget every task held (workers stay).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search not applied: {0} (at character {1})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All states</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No state</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} states</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RetryDialog</name>
    <message>
        <source>Retry task</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading the original arguments…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send options as JSON: queue, priority, countdown…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Task</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Args (JSON list)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kwargs (JSON object)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Options (JSON)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TaskActions</name>
    <message>
        <source>Kept across a worker restart by: {0} (started here with a state file)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Forgotten when these restart, unless they were started with --statedb: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No worker is online: a worker started later never hears it.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TaskDetail</name>
    <message>
        <source>Copy ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy traceback</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a task to see its details.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Timeline&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Event</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>After previous</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Total</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>By</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Traceback&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Task {0} is no longer held (evicted or cleared).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · from the result backend</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Negative: the senders&apos; clocks disagree (clock skew).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TasksPage</name>
    <message>
        <source>No task held matches the search and filters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export visible tasks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JSON (*.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write {0}: {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Arrival order (newest first)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy task ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show only {0}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WorkersPage</name>
    <message>
        <source>No worker seen yet. A worker appears with its first heartbeat (workers send one every 2 s).
No worker running? Start one under Processes.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>dialog</name>
    <message>
        <source>Custom time range</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>To</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Times in {0}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
