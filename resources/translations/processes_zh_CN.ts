<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>PresetEditor</name>
    <message>
        <source>Sets CELERY_BROKER_URL for the project; its result backend is left alone.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use it as the result backend too</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sets CELERY_RESULT_BACKEND to the connected broker&apos;s URL. Celery reads it before the project&apos;s settings, so it overrides the project&apos;s own result_backend (e.g. Django&apos;s &apos;django-db&apos;).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ProcessTableModel</name>
    <message>
        <source>{0} · detached</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Left running when Celery Desk quit; it goes on until you stop it here.
Log: {0}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ProcessesView</name>
    <message>
        <source>Left running when Celery Desk last quit, supervised again: {0}. Stop them here when you no longer need them.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>QuitQuestion</name>
    <message>
        <source>Quit Celery Desk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your project&apos;s processes are still running:&lt;ul&gt;{0}&lt;/ul&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop them, or leave them running without Celery Desk. Processes left running appear in the Processes view the next time you open Celery Desk, and you stop them from there.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop them</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Leave running</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
