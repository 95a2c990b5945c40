<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>AtomicFile</name>
    <message>
        <source>a directory</source>
        <translation>目录</translation>
    </message>
    <message>
        <source>a named pipe</source>
        <translation>命名管道</translation>
    </message>
    <message>
        <source>a socket</source>
        <translation>套接字</translation>
    </message>
    <message>
        <source>a device</source>
        <translation>设备文件</translation>
    </message>
    <message>
        <source>something else</source>
        <translation>其他类型</translation>
    </message>
    <message>
        <source>is {0}, not a regular file</source>
        <translation>是{0}，不是普通文件</translation>
    </message>
    <message>
        <source>is {0} bytes; the limit is {1}</source>
        <translation>大小为 {0} 字节，上限为 {1}</translation>
    </message>
    <message>
        <source>is over {0} bytes</source>
        <translation>超过 {0} 字节</translation>
    </message>
</context>
<context>
    <name>BeatStatusWidget</name>
    <message>
        <source>Beat status: not read yet</source>
        <translation>beat 状态：尚未读取</translation>
    </message>
    <message>
        <source>Not connected to a broker: the beat status shows once connected</source>
        <translation>未连接消息代理：连接后显示 beat 状态</translation>
    </message>
    <message>
        <source>Beat status unknown: {0}</source>
        <translation>beat 状态未知：{0}</translation>
    </message>
    <message>
        <source>Beat is standing by (another beat holds the lease)</source>
        <translation>beat 正在待命（租约在另一个 beat 手中）</translation>
    </message>
    <message>
        <source>No beat is running this schedule file: {0}</source>
        <translation>没有 beat 在运行这个调度文件：{0}</translation>
    </message>
    <message>
        <source>No beat is running this schedule file</source>
        <translation>没有 beat 在运行这个调度文件</translation>
    </message>
    <message>
        <source>Beat applied revision {0} (your save) and is running it</source>
        <translation>beat 已应用第 {0} 版（你的保存），正在按它运行</translation>
    </message>
    <message>
        <source>Beat applied revision {0} (the file) and is running it</source>
        <translation>beat 已应用第 {0} 版（文件中的版本），正在按它运行</translation>
    </message>
    <message>
        <source>Waiting for beat to apply revision {0}</source>
        <translation>等待 beat 应用第 {0} 版</translation>
    </message>
    <message>
        <source>Waiting for beat to apply revision {0} (it runs revision {1})</source>
        <translation>等待 beat 应用第 {0} 版（它在运行第 {1} 版）</translation>
    </message>
    <message>
        <source>Beat is running revision {0} of the file</source>
        <translation>beat 正在运行该文件的第 {0} 版</translation>
    </message>
    <message>
        <source>Beat rejected revision {0}; it keeps running revision {1}: {2}</source>
        <translation>beat 拒绝了第 {0} 版，继续运行第 {1} 版：{2}</translation>
    </message>
    <message>
        <source>Beat rejected revision {0}: {1}</source>
        <translation>beat 拒绝了第 {0} 版：{1}</translation>
    </message>
    <message>
        <source>Beat rejected the file on disk; it keeps running revision {0}: {1}</source>
        <translation>beat 拒绝了磁盘上的文件，继续运行第 {0} 版：{1}</translation>
    </message>
    <message>
        <source>Beat rejected the file on disk: {0}</source>
        <translation>beat 拒绝了磁盘上的文件：{0}</translation>
    </message>
    <message numerus="yes">
        <source>{0} of %Ln entry enabled</source>
        <translation>
            <numerusform>已启用 {0}/%Ln 个定时任务</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{0} of %Ln entries enabled</source>
        <translation>
            <numerusform>已启用 {0}/%Ln 个定时任务</numerusform>
        </translation>
    </message>
    <message>
        <source>{0} pid {1}</source>
        <translation>{0}，pid {1}</translation>
    </message>
    <message>
        <source>{0} sent</source>
        <translation>已发送 {0} 次</translation>
    </message>
    <message>
        <source>next: {0} at {1}</source>
        <translation>下一个：{0}，{1}</translation>
    </message>
    <message numerus="yes">
        <source>%n standing by</source>
        <translation>
            <numerusform>%n 个待命</numerusform>
        </translation>
    </message>
    <message>
        <source>send error: {0}</source>
        <translation>发送出错：{0}</translation>
    </message>
    <message>
        <source>Redis error: {0}</source>
        <translation>Redis 出错：{0}</translation>
    </message>
</context>
<context>
    <name>BeatSwitch</name>
    <message>
        <source>this profile has no beat preset; run beat with -S file -s {0} (docs/beat-on-a-server.md)</source>
        <translation>这个配置档没有 beat 预设；请用 -S file -s {0} 运行 beat（见 docs/beat-on-a-server.md）</translation>
    </message>
    <message>
        <source>“{0}” is starting</source>
        <translation>“{0}”正在启动</translation>
    </message>
    <message>
        <source>start “{0}” under Processes</source>
        <translation>请在“进程”页启动“{0}”</translation>
    </message>
    <message>
        <source>“{0}” runs the project&apos;s own schedule: Switch the beat to this file</source>
        <translation>“{0}”运行的是项目自己的调度：请把 beat 切换到这个文件</translation>
    </message>
    <message>
        <source>this profile has no beat preset</source>
        <translation>这个配置档没有 beat 预设</translation>
    </message>
    <message>
        <source>“{0}” now runs the file; connect and start it</source>
        <translation>“{0}”现在运行这个文件；请连接后启动它</translation>
    </message>
    <message>
        <source>Restarting “{0}” on the file</source>
        <translation>正在以这个文件重启“{0}”</translation>
    </message>
    <message>
        <source>Started “{0}” on the file</source>
        <translation>已以这个文件启动“{0}”</translation>
    </message>
</context>
<context>
    <name>ClockedForm</name>
    <message>
        <source>What the file stores: the time with its UTC offset</source>
        <translation>文件中保存的值：带 UTC 偏移的时间</translation>
    </message>
    <message>
        <source>At</source>
        <comment>a one-off run&apos;s time</comment>
        <translation>时间</translation>
    </message>
    <message>
        <source>Stored as</source>
        <translation>保存为</translation>
    </message>
    <message>
        <source>wall time in {0}</source>
        <translation>{0} 的当地时间</translation>
    </message>
</context>
<context>
    <name>CodeImport</name>
    <message>
        <source>cannot be copied into the file</source>
        <translation>无法复制到文件中</translation>
    </message>
</context>
<context>
    <name>CodeScheduleSection</name>
    <message>
        <source>Code-defined schedules (read-only: the file scheduler ignores them)</source>
        <translation>代码中定义的定时任务（只读：文件调度器不运行它们）</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>Schedule</source>
        <translation>调度</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Reading the project&apos;s code-defined schedules…</source>
        <translation>正在读取项目代码中定义的定时任务…</translation>
    </message>
    <message>
        <source>Read again</source>
        <translation>重新读取</translation>
    </message>
    <message>
        <source>Import the project again in its own interpreter</source>
        <translation>用项目自己的解释器重新导入项目</translation>
    </message>
    <message>
        <source>Copy selected into the file</source>
        <translation>复制选中项到文件</translation>
    </message>
    <message>
        <source>Copy all into the file</source>
        <translation>全部复制到文件</translation>
    </message>
    <message>
        <source>The project defines no periodic task in code</source>
        <translation>项目代码中没有定义定时任务</translation>
    </message>
    <message>
        <source>One periodic task in the project&apos;s code</source>
        <translation>项目代码中有 1 个定时任务</translation>
    </message>
    <message numerus="yes">
        <source>%n periodic tasks in the project&apos;s code</source>
        <translation>
            <numerusform>项目代码中有 %n 个定时任务</numerusform>
        </translation>
    </message>
    <message>
        <source>This profile has no project. Add yours (Profiles → Edit profile…: its directory, interpreter and -A module) to see its code-defined schedules.</source>
        <translation>这个配置档没有关联项目。添加你的项目（配置档 → 编辑配置档…：填写目录、解释器和 -A 模块）后，这里会显示它在代码中定义的定时任务。</translation>
    </message>
</context>
<context>
    <name>CrontabFields</name>
    <message>
        <source>{0}: &apos;@daily&apos;-style shortcuts are not supported; give the five fields</source>
        <translation>{0}：不支持 &apos;@daily&apos; 这类简写，请填写五个字段</translation>
    </message>
    <message>
        <source>{0}: &apos;#&apos; (nth weekday of the month) is not supported by Celery&apos;s crontab</source>
        <translation>{0}：Celery 的 crontab 不支持 &apos;#&apos;（每月第几个星期几）</translation>
    </message>
    <message>
        <source>{0}: &apos;?&apos; is not supported; use &apos;*&apos;</source>
        <translation>{0}：不支持 &apos;?&apos;，请用 &apos;*&apos;</translation>
    </message>
    <message>
        <source>{0}: character {1} is not allowed here</source>
        <translation>{0}：这里不能使用字符 {1}</translation>
    </message>
    <message>
        <source>{0}: 7 is not a day of the week in Celery; Sunday is 0 (0-6 or sun..sat)</source>
        <translation>{0}：在 Celery 中 7 不是星期几；星期日是 0（0-6 或 sun..sat）</translation>
    </message>
    <message>
        <source>{0}: &apos;L&apos; (last) is not supported by Celery&apos;s crontab</source>
        <translation>{0}：Celery 的 crontab 不支持 &apos;L&apos;（最后一天）</translation>
    </message>
    <message>
        <source>{0}: &apos;W&apos; (nearest weekday) is not supported by Celery&apos;s crontab</source>
        <translation>{0}：Celery 的 crontab 不支持 &apos;W&apos;（最近的工作日）</translation>
    </message>
    <message>
        <source>{0}: {1} is not a number {2}-{3} or a name sun..sat</source>
        <translation>{0}：{1} 不是 {2}-{3} 的数字，也不是 sun..sat 中的名称</translation>
    </message>
    <message>
        <source>{0}: {1} is not a number {2}-{3} or a name jan..dec</source>
        <translation>{0}：{1} 不是 {2}-{3} 的数字，也不是 jan..dec 中的名称</translation>
    </message>
    <message>
        <source>{0}: {1} is not a number {2}-{3}</source>
        <translation>{0}：{1} 不是 {2}-{3} 的数字</translation>
    </message>
    <message>
        <source>{0}: {1} is out of range {2}-{3}</source>
        <translation>{0}：{1} 超出范围 {2}-{3}</translation>
    </message>
    <message>
        <source>must be a string such as &apos;*&apos; or &apos;*/5&apos;, not {0}</source>
        <translation>必须是 &apos;*&apos; 或 &apos;*/5&apos; 这样的字符串，而不是 {0}</translation>
    </message>
    <message>
        <source>{0} is out of range {1}-{2}</source>
        <translation>{0} 超出范围 {1}-{2}</translation>
    </message>
    <message>
        <source>is not a crontab field</source>
        <translation>不是 crontab 字段</translation>
    </message>
    <message>
        <source>is empty; use &apos;*&apos; for every value</source>
        <translation>为空；表示所有值请用 &apos;*&apos;</translation>
    </message>
    <message>
        <source>{0}: {1} is not a value, a range or &apos;*&apos;</source>
        <translation>{0}：{1} 不是数值、范围或 &apos;*&apos;</translation>
    </message>
    <message>
        <source>{0}: the step after &apos;/&apos; must be a whole number &gt; 0 (at most 9999)</source>
        <translation>{0}：&apos;/&apos; 后的步长必须是大于 0 的整数（最大 9999）</translation>
    </message>
    <message>
        <source>{0}: a step needs &apos;*&apos; or a range before it (e.g. {1})</source>
        <translation>{0}：步长前面必须是 &apos;*&apos; 或范围（例如 {1}）</translation>
    </message>
    <message>
        <source>{0}: Celery rejects it: {1}</source>
        <translation>{0}：Celery 不接受：{1}</translation>
    </message>
</context>
<context>
    <name>CrontabForm</name>
    <message>
        <source>The time of the preset (Hourly uses its minute)</source>
        <translation>预设的时间（“每小时”只用其中的分钟）</translation>
    </message>
    <message>
        <source>The day of the Weekly preset</source>
        <translation>“每周”预设的星期几</translation>
    </message>
    <message>
        <source>The day of the month of the Monthly preset</source>
        <translation>“每月”预设的日期</translation>
    </message>
    <message>
        <source>at</source>
        <comment>the time of a preset</comment>
        <translation>时间</translation>
    </message>
    <message>
        <source>on</source>
        <comment>the weekday of a preset</comment>
        <translation>星期</translation>
    </message>
    <message>
        <source>day</source>
        <comment>the day of the month of a preset</comment>
        <translation>日期</translation>
    </message>
    <message>
        <source>Minute</source>
        <translation>分钟</translation>
    </message>
    <message>
        <source>Hour</source>
        <translation>小时</translation>
    </message>
    <message>
        <source>Day of week</source>
        <translation>星期</translation>
    </message>
    <message>
        <source>Day of month</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>月份</translation>
    </message>
    <message>
        <source>Minute, 0-59.
Examples: * (every minute), 0, 0,30, */15 (every 15 minutes), 5-59/15 (a step needs * or a range before it).</source>
        <translation>分钟，0-59。
示例：*（每分钟）、0、0,30、*/15（每 15 分钟）、5-59/15（步长前面必须是 * 或范围）。</translation>
    </message>
    <message>
        <source>Hour, 0-23, in the schedule&apos;s time zone.
Examples: * (every hour), 9, 9-17, */2, 22-2 (a range may wrap past midnight).</source>
        <translation>小时，0-23，按调度文件的时区。
示例：*（每小时）、9、9-17、*/2、22-2（范围可以跨过午夜）。</translation>
    </message>
    <message>
        <source>Day of week, 0-6: 0 is Sunday, and 7 is rejected. Or sun..sat.
Examples: *, mon-fri, sat,sun, 1.
If day of month is set too, BOTH must match (Celery is not cron: cron would run on either).</source>
        <translation>星期，0-6：0 是星期日，7 会被拒绝。也可以写 sun..sat。
示例：*、mon-fri、sat,sun、1。
如果同时设置了日期，两者必须同时满足（Celery 不同于 cron：cron 满足其一就运行）。</translation>
    </message>
    <message>
        <source>Day of month, 1-31.
Examples: *, 1, 1,15, 1-7.
If day of week is set too, BOTH must match. L (last day) and W are not supported.</source>
        <translation>日期（几号），1-31。
示例：*、1、1,15、1-7。
如果同时设置了星期，两者必须同时满足。不支持 L（最后一天）和 W。</translation>
    </message>
    <message>
        <source>Month, 1-12, or jan..dec.
Examples: *, 1, jan,jul, mar-may.</source>
        <translation>月份，1-12，或 jan..dec。
示例：*、1、jan,jul、mar-may。</translation>
    </message>
    <message>
        <source>Every minute</source>
        <translation>每分钟</translation>
    </message>
    <message>
        <source>Fill the five fields: every minute (* * * * *)</source>
        <translation>填写五个字段：每分钟（* * * * *）</translation>
    </message>
    <message>
        <source>Hourly</source>
        <translation>每小时</translation>
    </message>
    <message>
        <source>Fill the five fields: every hour, at the minute of “at”</source>
        <translation>填写五个字段：每小时，在“时间”的那一分钟</translation>
    </message>
    <message>
        <source>Daily</source>
        <translation>每天</translation>
    </message>
    <message>
        <source>Fill the five fields: every day at “at”</source>
        <translation>填写五个字段：每天在“时间”运行</translation>
    </message>
    <message>
        <source>Weekdays</source>
        <translation>工作日</translation>
    </message>
    <message>
        <source>Fill the five fields: Monday to Friday (mon-fri) at “at”</source>
        <translation>填写五个字段：周一至周五（mon-fri）在“时间”运行</translation>
    </message>
    <message>
        <source>Weekly</source>
        <translation>每周</translation>
    </message>
    <message>
        <source>Fill the five fields: every week on the day of “on”, at “at”</source>
        <translation>填写五个字段：每周在“星期”那天的“时间”运行</translation>
    </message>
    <message>
        <source>Monthly</source>
        <translation>每月</translation>
    </message>
    <message>
        <source>Fill the five fields: every month on “day”, at “at” (months without that day are skipped)</source>
        <translation>填写五个字段：每月在“日期”那天的“时间”运行（没有这一天的月份跳过）</translation>
    </message>
</context>
<context>
    <name>EntryCheck</name>
    <message>
        <source>not valid JSON: {0} (column {1})</source>
        <translation>不是有效的 JSON：{0}（第 {1} 列）</translation>
    </message>
    <message>
        <source>not valid JSON: {0}</source>
        <translation>不是有效的 JSON：{0}</translation>
    </message>
    <message>
        <source>nested too deeply (at most {0} levels)</source>
        <translation>嵌套太深（最多 {0} 层）</translation>
    </message>
</context>
<context>
    <name>EntryEditor</name>
    <message>
        <source>A task name the workers registered, or any name (free text)</source>
        <translation>工作进程注册的任务名，也可以填任意名称</translation>
    </message>
    <message>
        <source>Ask the workers for their registered tasks</source>
        <translation>向工作进程查询已注册的任务</translation>
    </message>
    <message>
        <source>Positional arguments as a JSON array, e.g. [2, 3] or [&quot;hello&quot;]</source>
        <translation>位置参数，JSON 数组，例如 [2, 3] 或 [&quot;hello&quot;]</translation>
    </message>
    <message>
        <source>Keyword arguments as a JSON object, e.g. {&quot;format&quot;: &quot;pdf&quot;}</source>
        <translation>关键字参数，JSON 对象，例如 {&quot;format&quot;: &quot;pdf&quot;}</translation>
    </message>
    <message>
        <source>Enabled</source>
        <translation>启用</translation>
    </message>
    <message>
        <source>Beat sends only enabled entries</source>
        <translation>beat 只发送已启用的定时任务</translation>
    </message>
    <message>
        <source>What this entry is for (optional)</source>
        <translation>这个定时任务的用途（可选）</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>Args (JSON)</source>
        <translation>args（JSON）</translation>
    </message>
    <message>
        <source>Kwargs (JSON)</source>
        <translation>kwargs（JSON）</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>Interval</source>
        <translation>固定间隔</translation>
    </message>
    <message>
        <source>Crontab</source>
        <translation>Crontab</translation>
    </message>
    <message>
        <source>Solar</source>
        <translation>太阳事件</translation>
    </message>
    <message>
        <source>Clocked</source>
        <comment>a one-off schedule at a set time</comment>
        <translation>单次</translation>
    </message>
    <message>
        <source>Unapplied changes</source>
        <translation>有未应用的更改</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>应用</translation>
    </message>
    <message>
        <source>Put these values in the schedule (Save writes the file)</source>
        <translation>把这些值放进调度（“保存”才写入文件）</translation>
    </message>
    <message>
        <source>Revert</source>
        <translation>还原</translation>
    </message>
    <message>
        <source>Forget the unapplied changes to this entry</source>
        <translation>丢弃这个定时任务未应用的更改</translation>
    </message>
    <message>
        <source>Entry “{0}”</source>
        <translation>定时任务“{0}”</translation>
    </message>
    <message>
        <source>No entry selected</source>
        <translation>未选择定时任务</translation>
    </message>
    <message>
        <source>select an entry</source>
        <translation>请选择一个定时任务</translation>
    </message>
</context>
<context>
    <name>EntryTableModel</name>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>Schedule</source>
        <translation>调度</translation>
    </message>
    <message>
        <source>Next run</source>
        <translation>下次运行</translation>
    </message>
    <message>
        <source>Last run</source>
        <translation>上次运行</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>运行次数</translation>
    </message>
    <message>
        <source>Enabled</source>
        <translation>启用</translation>
    </message>
    <message>
        <source>Last outcomes</source>
        <translation>最近结果</translation>
    </message>
    <message>
        <source>When beat sends it next, in the schedule&apos;s time zone</source>
        <translation>beat 下次发送它的时间（调度文件的时区）</translation>
    </message>
    <message>
        <source>When beat last sent it (its due time)</source>
        <translation>beat 上次发送它的时间（按计划时间）</translation>
    </message>
    <message>
        <source>How many times beat sent it (from beat&apos;s run state)</source>
        <translation>beat 发送它的次数（来自 beat 的运行状态）</translation>
    </message>
    <message>
        <source>How its latest tasks ended, oldest to newest: ✓ succeeded, ✗ failed, ↻ retried, ⊘ revoked, ▶ running, … waiting, · not seen by the monitor</source>
        <translation>最近几次任务的结果，从旧到新：✓ 成功，✗ 失败，↻ 重试，⊘ 已撤销，▶ 运行中，… 等待中，· 监控未看到</translation>
    </message>
    <message>
        <source>disabled</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>none</source>
        <comment>no next run</comment>
        <translation>无</translation>
    </message>
    <message>
        <source>never</source>
        <comment>no run yet</comment>
        <translation>从未</translation>
    </message>
    <message>
        <source>No run recorded yet</source>
        <translation>还没有运行记录</translation>
    </message>
    <message>
        <source>not in the event stream</source>
        <translation>不在事件流中</translation>
    </message>
    <message>
        <source>(the live monitor is not connected: outcomes unknown)</source>
        <translation>（实时监控未连接：结果未知）</translation>
    </message>
</context>
<context>
    <name>IntervalForm</name>
    <message>
        <source> s</source>
        <comment>seconds, after a number</comment>
        <translation> 秒</translation>
    </message>
    <message numerus="yes">
        <source>The interval in seconds, at least %n; fractions are allowed</source>
        <translation>
            <numerusform>间隔秒数，至少 %n 秒，可以有小数</numerusform>
        </translation>
    </message>
    <message>
        <source> h</source>
        <comment>hours, after a number</comment>
        <translation> 小时</translation>
    </message>
    <message>
        <source> min</source>
        <comment>minutes, after a number</comment>
        <translation> 分</translation>
    </message>
    <message>
        <source>Every</source>
        <translation>每隔</translation>
    </message>
    <message>
        <source>or</source>
        <comment>the same interval in hours, minutes and seconds</comment>
        <translation>即</translation>
    </message>
    <message>
        <source>The first run comes one full interval after the entry is saved.</source>
        <translation>保存后要过一个完整的间隔才会第一次运行。</translation>
    </message>
    <message>
        <source>must be at least 1 second: beat cannot keep a shorter interval</source>
        <translation>至少 1 秒：beat 无法保证更短的间隔</translation>
    </message>
    <message numerus="yes">
        <source>must be at least %n seconds: beat cannot keep a shorter interval</source>
        <translation>
            <numerusform>至少 %n 秒：beat 无法保证更短的间隔</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>OptionsBox</name>
    <message>
        <source>Options</source>
        <translation>发送选项</translation>
    </message>
    <message>
        <source>default queue</source>
        <translation>默认队列</translation>
    </message>
    <message>
        <source>The queue to send to; empty: the task&apos;s route, or the default queue</source>
        <translation>发送到的队列；留空则按任务路由，或用默认队列</translation>
    </message>
    <message>
        <source>default</source>
        <comment>priority</comment>
        <translation>默认</translation>
    </message>
    <message>
        <source>0-255; the Redis transport uses 0-9</source>
        <translation>0-255；Redis 传输只用 0-9</translation>
    </message>
    <message>
        <source>never</source>
        <comment>expires</comment>
        <translation>永不过期</translation>
    </message>
    <message>
        <source> s</source>
        <comment>seconds, after a number</comment>
        <translation> 秒</translation>
    </message>
    <message>
        <source>Seconds after sending when an unstarted task is discarded</source>
        <translation>发送后多少秒内仍未开始的任务会被丢弃</translation>
    </message>
    <message>
        <source>Queue</source>
        <translation>队列</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>优先级</translation>
    </message>
    <message>
        <source>Expires</source>
        <translation>过期</translation>
    </message>
    <message>
        <source>Also kept: {0}</source>
        <translation>另外保留：{0}</translation>
    </message>
</context>
<context>
    <name>PageActions</name>
    <message>
        <source>New</source>
        <translation>新建</translation>
    </message>
    <message>
        <source>Add an entry</source>
        <translation>添加一个定时任务</translation>
    </message>
    <message>
        <source>Duplicate</source>
        <translation>创建副本</translation>
    </message>
    <message>
        <source>Copy the entry (the copy starts disabled)</source>
        <translation>复制这个定时任务（副本默认停用）</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Delete the selected entries (undo with Ctrl+Z)</source>
        <translation>删除选中的定时任务（可用 Ctrl+Z 撤销）</translation>
    </message>
    <message>
        <source>Enable</source>
        <translation>启用</translation>
    </message>
    <message>
        <source>Let beat send the selected entries</source>
        <translation>让 beat 发送选中的定时任务</translation>
    </message>
    <message>
        <source>Disable</source>
        <translation>停用</translation>
    </message>
    <message>
        <source>Keep the entries but never send them</source>
        <translation>保留这些定时任务，但不再发送</translation>
    </message>
    <message>
        <source>Run now</source>
        <translation>立即运行</translation>
    </message>
    <message>
        <source>Send the entry&apos;s task now, with its args and options</source>
        <translation>立即发送这个定时任务的任务，带上它的参数和选项</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Undo the last edit</source>
        <translation>撤销上一次编辑</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <source>Redo the last undone edit</source>
        <translation>重做刚撤销的编辑</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Write the file; beat applies it within a second</source>
        <translation>写入文件；beat 会在一秒内应用</translation>
    </message>
    <message>
        <source>Reload</source>
        <translation>重新加载</translation>
    </message>
    <message>
        <source>Read the file again</source>
        <translation>重新读取文件</translation>
    </message>
    <message>
        <source>Copy code-defined</source>
        <translation>从代码复制</translation>
    </message>
    <message>
        <source>Copy the app&apos;s beat_schedule and add_periodic_task entries into the file</source>
        <translation>把应用中 beat_schedule 和 add_periodic_task 定义的定时任务复制到文件</translation>
    </message>
    <message>
        <source>Undo the unapplied changes</source>
        <translation>撤销未应用的更改</translation>
    </message>
    <message>
        <source>Undo: {0}</source>
        <translation>撤销：{0}</translation>
    </message>
    <message>
        <source>Apply or revert the entry&apos;s changes first</source>
        <translation>请先应用或还原定时任务的更改</translation>
    </message>
    <message>
        <source>Redo: {0}</source>
        <translation>重做：{0}</translation>
    </message>
    <message>
        <source>Duplicated “{0}” as “{1}” (disabled)</source>
        <translation>已将“{0}”复制为“{1}”（已停用）</translation>
    </message>
    <message>
        <source>Deleted “{0}” (not saved yet)</source>
        <translation>已删除“{0}”（尚未保存）</translation>
    </message>
    <message numerus="yes">
        <source>Deleted %n entries (not saved yet)</source>
        <translation>
            <numerusform>已删除 %n 个定时任务（尚未保存）</numerusform>
        </translation>
    </message>
    <message>
        <source>Undone: {0}</source>
        <translation>已撤销：{0}</translation>
    </message>
    <message>
        <source>Redone: {0}</source>
        <translation>已重做：{0}</translation>
    </message>
    <message>
        <source>Saved revision {0} of {1}</source>
        <translation>已保存 {1} 的第 {0} 版</translation>
    </message>
    <message>
        <source>Not saved: {0}. Reload to get the other changes (your unsaved edits are dropped), then make them again.</source>
        <translation>未保存：{0}。请重新加载以获取别处的更改（你未保存的编辑会丢失），然后重新编辑。</translation>
    </message>
    <message>
        <source>Not saved: {0}</source>
        <translation>未保存：{0}</translation>
    </message>
    <message>
        <source>Reloading drops your unsaved changes.</source>
        <translation>重新加载会丢弃你未保存的更改。</translation>
    </message>
    <message>
        <source>Connect to a broker first: Run now sends through it</source>
        <translation>请先连接消息代理：“立即运行”要通过它发送</translation>
    </message>
    <message>
        <source>Sent {0} for “{1}” now (task {2})</source>
        <translation>已为“{1}”立即发送 {0}（任务 {2}）</translation>
    </message>
    <message>
        <source>Run now failed: {0}</source>
        <translation>立即运行失败：{0}</translation>
    </message>
</context>
<context>
    <name>PageFeeds</name>
    <message>
        <source>The schedule file changed on disk; saving would be refused. Reload to see it (your unsaved edits are dropped).</source>
        <translation>磁盘上的调度文件已被修改，保存会被拒绝。请重新加载查看（你未保存的编辑会丢失）。</translation>
    </message>
    <message>
        <source>The file changed on disk and is gone; the page shows it empty</source>
        <translation>磁盘上的文件已被删除；页面现在显示为空</translation>
    </message>
    <message>
        <source>The file changed on disk; reloaded revision {0}</source>
        <translation>磁盘上的文件已被修改；已重新加载第 {0} 版</translation>
    </message>
    <message>
        <source>Could not ask the workers: {0}</source>
        <translation>无法询问工作进程：{0}</translation>
    </message>
</context>
<context>
    <name>PreviewPanel</name>
    <message>
        <source>No preview: {0}</source>
        <translation>无法预览：{0}</translation>
    </message>
    <message>
        <source>No upcoming run: {0}</source>
        <translation>没有即将到来的运行：{0}</translation>
    </message>
    <message>
        <source>Next run ({0}):</source>
        <translation>下次运行（{0}）：</translation>
    </message>
    <message numerus="yes">
        <source>Next %n runs ({0}):</source>
        <translation>
            <numerusform>接下来 %n 次运行（{0}）：</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SafeText</name>
    <message>
        <source>a number of about {0} digits</source>
        <translation>约 {0} 位的数字</translation>
    </message>
    <message>
        <source>a {0}</source>
        <translation>{0} 对象</translation>
    </message>
</context>
<context>
    <name>ScheduleBanner</name>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Reload the file</source>
        <translation>重新加载文件</translation>
    </message>
    <message>
        <source>Discard my changes and reload</source>
        <translation>丢弃我的更改并重新加载</translation>
    </message>
</context>
<context>
    <name>ScheduleDocument</name>
    <message>
        <source>the schedule file cannot be read ({0}); fix it or reload</source>
        <translation>无法读取调度文件（{0}）；请修复后重新加载</translation>
    </message>
    <message>
        <source>an entry named “{0}” already exists</source>
        <translation>已有名为“{0}”的定时任务</translation>
    </message>
    <message>
        <source>id “{0}” is already used by entry “{1}”</source>
        <translation>id“{0}”已被定时任务“{1}”使用</translation>
    </message>
    <message>
        <source>Add “{0}”</source>
        <translation>添加“{0}”</translation>
    </message>
    <message>
        <source>Edit “{0}”</source>
        <translation>编辑“{0}”</translation>
    </message>
    <message>
        <source>Duplicate “{0}”</source>
        <translation>复制“{0}”</translation>
    </message>
    <message>
        <source>Delete “{0}”</source>
        <translation>删除“{0}”</translation>
    </message>
    <message numerus="yes">
        <source>Delete %n entries</source>
        <translation>
            <numerusform>删除 %n 个定时任务</numerusform>
        </translation>
    </message>
    <message>
        <source>Change the time zone</source>
        <translation>更改时区</translation>
    </message>
    <message>
        <source>no entry named “{0}”</source>
        <translation>没有名为“{0}”的定时任务</translation>
    </message>
    <message>
        <source>the schedule file cannot be read ({0})</source>
        <translation>无法读取调度文件（{0}）</translation>
    </message>
    <message>
        <source>Copy a code-defined entry</source>
        <translation>复制 1 个代码中定义的定时任务</translation>
    </message>
    <message numerus="yes">
        <source>Copy %n code-defined entries</source>
        <translation>
            <numerusform>复制 %n 个代码中定义的定时任务</numerusform>
        </translation>
    </message>
    <message>
        <source>Enable “{0}”</source>
        <translation>启用“{0}”</translation>
    </message>
    <message>
        <source>Disable “{0}”</source>
        <translation>停用“{0}”</translation>
    </message>
    <message numerus="yes">
        <source>Enable %n entries</source>
        <translation>
            <numerusform>启用 %n 个定时任务</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Disable %n entries</source>
        <translation>
            <numerusform>停用 %n 个定时任务</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ScheduleEntries</name>
    <message>
        <source>a clocked time needs a UTC offset</source>
        <translation>单次运行的时间必须带 UTC 偏移</translation>
    </message>
    <message>
        <source>Celery rejects it: {0}</source>
        <translation>Celery 不接受：{0}</translation>
    </message>
    <message>
        <source>must be a number, not {0}</source>
        <translation>必须是数字，而不是 {0}</translation>
    </message>
    <message>
        <source>must be a finite number, not {0}</source>
        <translation>必须是有限的数字，而不是 {0}</translation>
    </message>
    <message>
        <source>{0} is outside {1}..{2}</source>
        <translation>{0} 超出 {1}..{2}</translation>
    </message>
    <message>
        <source>is required for an interval (a number &gt;= {0})</source>
        <translation>固定间隔必须填写（一个 &gt;= {0} 的数字）</translation>
    </message>
    <message>
        <source>must be at least {0} second (beat cannot keep a shorter interval), not {1}</source>
        <translation>至少 {0} 秒（beat 无法保证更短的间隔），而不是 {1}</translation>
    </message>
    <message>
        <source>{0} is not one of {1}</source>
        <translation>{0} 不是 {1} 之一</translation>
    </message>
    <message>
        <source>is required for a solar schedule</source>
        <translation>太阳事件调度必须填写</translation>
    </message>
    <message>
        <source>solar schedules need the &apos;ephem&apos; package (pip install &apos;celery[solar]&apos;)</source>
        <translation>太阳事件调度需要 &apos;ephem&apos; 包（pip install &apos;celery[solar]&apos;）</translation>
    </message>
    <message>
        <source>must be an ISO-8601 string such as 2026-12-01T09:00:00+08:00, not {0}</source>
        <translation>必须是 ISO-8601 字符串，例如 2026-12-01T09:00:00+08:00，而不是 {0}</translation>
    </message>
    <message>
        <source>{0} is not an ISO-8601 time</source>
        <translation>{0} 不是 ISO-8601 时间</translation>
    </message>
    <message>
        <source>{0} has no UTC offset; write it like 2026-12-01T09:00:00+08:00</source>
        <translation>{0} 没有 UTC 偏移；请写成 2026-12-01T09:00:00+08:00 这样</translation>
    </message>
    <message>
        <source>{0} is out of the range of dates</source>
        <translation>{0} 超出了日期范围</translation>
    </message>
    <message>
        <source>is required for a clocked schedule</source>
        <translation>单次调度必须填写</translation>
    </message>
    <message>
        <source>the schedule must be an object, not {0}</source>
        <translation>schedule 必须是对象，而不是 {0}</translation>
    </message>
    <message>
        <source>unknown schedule type {0}; use one of {1}</source>
        <translation>未知的调度类型 {0}；请使用 {1} 之一</translation>
    </message>
    <message>
        <source>is not a field of an {0} schedule (fields: {1})</source>
        <translation>不是 {0} 调度的字段（可用字段：{1}）</translation>
    </message>
    <message>
        <source>is not a field of a {0} schedule (fields: {1})</source>
        <translation>不是 {0} 调度的字段（可用字段：{1}）</translation>
    </message>
    <message>
        <source>unknown schedule type {0}</source>
        <translation>未知的调度类型 {0}</translation>
    </message>
</context>
<context>
    <name>ScheduleFile</name>
    <message>
        <source>schedule file {0} changed since it was read ({1}); reload it before saving</source>
        <translation>调度文件 {0} 在读取后被修改过（{1}）；请先重新加载再保存</translation>
    </message>
    <message>
        <source>{0} is not a JSON number</source>
        <translation>{0} 不是 JSON 数字</translation>
    </message>
    <message>
        <source>not UTF-8 text (byte {0})</source>
        <translation>不是 UTF-8 文本（第 {0} 字节）</translation>
    </message>
    <message>
        <source>invalid JSON: {0}</source>
        <translation>JSON 无效：{0}</translation>
    </message>
    <message>
        <source>duplicate key {0}: each name may appear once per object</source>
        <translation>键 {0} 重复：同一对象中每个名称只能出现一次</translation>
    </message>
    <message>
        <source>invalid JSON: arrays or objects nested too deeply to read</source>
        <translation>JSON 无效：数组或对象嵌套太深，无法读取</translation>
    </message>
    <message>
        <source>the file does not exist</source>
        <translation>文件不存在</translation>
    </message>
    <message>
        <source>cannot be read: {0}</source>
        <translation>无法读取：{0}</translation>
    </message>
    <message>
        <source>it was deleted</source>
        <translation>它已被删除</translation>
    </message>
    <message>
        <source>its revision is unreadable, expected {0}</source>
        <translation>无法读出它的版本号，预期第 {0} 版</translation>
    </message>
    <message>
        <source>revision on disk {0}, expected {1}</source>
        <translation>磁盘上是第 {0} 版，预期第 {1} 版</translation>
    </message>
    <message>
        <source>revision {0} was edited in place</source>
        <translation>第 {0} 版被直接修改过</translation>
    </message>
</context>
<context>
    <name>SchedulePreview</name>
    <message>
        <source>cannot preview it: {0}: {1}</source>
        <translation>无法预览：{0}：{1}</translation>
    </message>
    <message>
        <source>unknown time zone {0}</source>
        <translation>未知时区 {0}</translation>
    </message>
    <message>
        <source>Celery cannot compute the runs: {0}</source>
        <translation>Celery 无法计算运行时间：{0}</translation>
    </message>
    <message>
        <source>runs once, and that time has passed</source>
        <translation>只运行一次，而那个时间已经过去</translation>
    </message>
    <message>
        <source>none in sight</source>
        <translation>近期没有</translation>
    </message>
</context>
<context>
    <name>ScheduleRemote</name>
    <message>
        <source>cannot ask the workers for their tasks</source>
        <translation>无法向工作进程查询任务</translation>
    </message>
    <message>
        <source>cannot send {0}</source>
        <translation>无法发送 {0}</translation>
    </message>
    <message>
        <source>cannot read the beat status from Redis</source>
        <translation>无法从 Redis 读取 beat 状态</translation>
    </message>
</context>
<context>
    <name>ScheduleValidation</name>
    <message>
        <source>line {0}, column {1}</source>
        <translation>第 {0} 行第 {1} 列</translation>
    </message>
    <message>
        <source>entry {0}</source>
        <translation>定时任务 {0}</translation>
    </message>
    <message>
        <source>field {0}</source>
        <translation>字段 {0}</translation>
    </message>
    <message>
        <source>schedule file {0}</source>
        <translation>调度文件 {0}</translation>
    </message>
    <message>
        <source>schedule file</source>
        <translation>调度文件</translation>
    </message>
    <message>
        <source>holds a {0}, which is not a JSON value</source>
        <translation>包含 {0}，它不是 JSON 值</translation>
    </message>
    <message>
        <source>holds a lone surrogate (\ud800-\udfff), not text</source>
        <translation>包含孤立的代理字符（\ud800-\udfff），不是文本</translation>
    </message>
    <message>
        <source>holds a number over 4,000 digits</source>
        <translation>包含超过 4,000 位的数字</translation>
    </message>
    <message>
        <source>holds {0}, which JSON cannot represent</source>
        <translation>包含 {0}，JSON 无法表示它</translation>
    </message>
    <message>
        <source>is nested more than {0} levels deep</source>
        <translation>嵌套超过 {0} 层</translation>
    </message>
    <message>
        <source>has a key {0} that is not a string</source>
        <translation>有一个不是字符串的键 {0}</translation>
    </message>
    <message>
        <source>has a key holding a lone surrogate (\ud800-\udfff), not text</source>
        <translation>有一个键包含孤立的代理字符（\ud800-\udfff），不是文本</translation>
    </message>
    <message>
        <source>must be a non-empty string</source>
        <translation>必须是非空字符串</translation>
    </message>
    <message>
        <source>must be a whole number 0-255 (Redis uses 0-9), not {0}</source>
        <translation>必须是 0-255 的整数（Redis 用 0-9），而不是 {0}</translation>
    </message>
    <message>
        <source>must be a number of seconds &gt; 0, not {0}</source>
        <translation>必须是大于 0 的秒数，而不是 {0}</translation>
    </message>
    <message>
        <source>must be an object, not {0}</source>
        <translation>必须是对象，而不是 {0}</translation>
    </message>
    <message>
        <source>must be an object of apply_async options, not {0}</source>
        <translation>必须是 apply_async 选项组成的对象，而不是 {0}</translation>
    </message>
    <message>
        <source>is not supported (options: {0})</source>
        <translation>不支持（可用选项：{0}）</translation>
    </message>
    <message>
        <source>an entry name must be a string, not {0}</source>
        <translation>定时任务名称必须是字符串，而不是 {0}</translation>
    </message>
    <message>
        <source>an entry name must be text; it holds a lone surrogate (\ud800-\udfff)</source>
        <translation>定时任务名称必须是文本；它包含孤立的代理字符（\ud800-\udfff）</translation>
    </message>
    <message>
        <source>an entry name must not be empty</source>
        <translation>定时任务名称不能为空</translation>
    </message>
    <message>
        <source>an entry name must be at most {0} characters</source>
        <translation>定时任务名称最多 {0} 个字符</translation>
    </message>
    <message>
        <source>an entry name must not hold control characters</source>
        <translation>定时任务名称不能包含控制字符</translation>
    </message>
    <message>
        <source>must be a non-empty string, not {0}</source>
        <translation>必须是非空字符串，而不是 {0}</translation>
    </message>
    <message>
        <source>must be a task name without surrounding spaces, not {0}</source>
        <translation>必须是前后没有空格的任务名，而不是 {0}</translation>
    </message>
    <message>
        <source>cannot be read: {0}: {1}</source>
        <translation>无法读取：{0}：{1}</translation>
    </message>
    <message>
        <source>must be a list (JSON array), not {0}</source>
        <translation>必须是列表（JSON 数组），而不是 {0}</translation>
    </message>
    <message>
        <source>must be an object (JSON object), not {0}</source>
        <translation>必须是对象（JSON 对象），而不是 {0}</translation>
    </message>
    <message>
        <source>must be true or false, not {0}</source>
        <translation>必须是 true 或 false，而不是 {0}</translation>
    </message>
    <message>
        <source>must be a string, not {0}</source>
        <translation>必须是字符串，而不是 {0}</translation>
    </message>
    <message>
        <source>a string</source>
        <translation>字符串</translation>
    </message>
    <message>
        <source>a number</source>
        <translation>数字</translation>
    </message>
    <message>
        <source>a list</source>
        <translation>列表</translation>
    </message>
    <message>
        <source>an object</source>
        <translation>对象</translation>
    </message>
    <message>
        <source>is missing: name the task to send, e.g. &apos;proj.tasks.add&apos;</source>
        <translation>缺少：请填写要发送的任务，例如 &apos;proj.tasks.add&apos;</translation>
    </message>
    <message>
        <source>is missing: give an interval, crontab, solar or clocked schedule</source>
        <translation>缺少：请给出 interval、crontab、solar 或 clocked 调度</translation>
    </message>
    <message>
        <source>an entry must be an object, not {0}</source>
        <translation>定时任务必须是对象，而不是 {0}</translation>
    </message>
    <message>
        <source>is not an entry field (fields: {0})</source>
        <translation>不是定时任务的字段（可用字段：{0}）</translation>
    </message>
    <message>
        <source>is not a field of the file (fields: {0})</source>
        <translation>不是文件的字段（可用字段：{0}）</translation>
    </message>
    <message>
        <source>unsupported version {0}; this is version 1</source>
        <translation>不支持的格式版本 {0}；这里是版本 1</translation>
    </message>
    <message>
        <source>must be a whole number &gt;= 0, not {0}</source>
        <translation>必须是 &gt;= 0 的整数，而不是 {0}</translation>
    </message>
    <message>
        <source>unknown time zone {0}; use an IANA name such as Asia/Shanghai</source>
        <translation>未知时区 {0}；请使用 Asia/Shanghai 这样的 IANA 名称</translation>
    </message>
    <message>
        <source>is missing: the file needs an &apos;entries&apos; object</source>
        <translation>缺少：文件需要一个 &apos;entries&apos; 对象</translation>
    </message>
    <message>
        <source>must be an object of named entries</source>
        <translation>必须是由命名定时任务组成的对象</translation>
    </message>
    <message>
        <source>the file must hold a JSON object, not {0}</source>
        <translation>文件内容必须是 JSON 对象，而不是 {0}</translation>
    </message>
    <message>
        <source>id {0} is already used by entry {1}</source>
        <translation>id {0} 已被定时任务 {1} 使用</translation>
    </message>
</context>
<context>
    <name>SchedulesPage</name>
    <message>
        <source>The zone crontab and clocked times are read in (the file&apos;s “timezone”); intervals and solar events do not depend on it</source>
        <translation>解读 crontab 和单次时间所用的时区（文件中的“timezone”）；固定间隔和太阳事件与它无关</translation>
    </message>
    <message>
        <source>Time zone</source>
        <translation>时区</translation>
    </message>
    <message>
        <source>The schedule file cannot be used: {0}</source>
        <translation>调度文件无法使用：{0}</translation>
    </message>
    <message>
        <source>No entries in this schedule file yet. Copy the project&apos;s code-defined ones (below), or add one with New.</source>
        <translation>这个调度文件还没有定时任务。可以复制项目代码中定义的（见下方），或点击“新建”添加。</translation>
    </message>
    <message>
        <source>new file</source>
        <translation>新文件</translation>
    </message>
    <message>
        <source>revision {0}</source>
        <translation>第 {0} 版</translation>
    </message>
    <message>
        <source>unsaved changes</source>
        <translation>有未保存的更改</translation>
    </message>
    <message>
        <source>Project default ({0})</source>
        <translation>项目默认（{0}）</translation>
    </message>
    <message>
        <source>Default ({0})</source>
        <translation>默认（{0}）</translation>
    </message>
    <message>
        <source>Entry “{0}” has errors: fix them, or Revert</source>
        <translation>定时任务“{0}”有错误：请修正，或点击“还原”</translation>
    </message>
    <message>
        <source>Copied a code-defined entry into the file (not saved yet)</source>
        <translation>已把 1 个代码中定义的定时任务复制到文件（尚未保存）</translation>
    </message>
    <message numerus="yes">
        <source>Copied %n code-defined entries into the file (not saved yet)</source>
        <translation>
            <numerusform>已把 %n 个代码中定义的定时任务复制到文件（尚未保存）</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SolarForm</name>
    <message>
        <source>Degrees north; south is negative</source>
        <translation>北纬度数；南纬为负数</translation>
    </message>
    <message>
        <source>Degrees east; west is negative</source>
        <translation>东经度数；西经为负数</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>事件</translation>
    </message>
    <message>
        <source>Latitude</source>
        <translation>纬度</translation>
    </message>
    <message>
        <source>Longitude</source>
        <translation>经度</translation>
    </message>
</context>
<context>
    <name>SwitchFlow</name>
    <message>
        <source>Switch the beat to this file…</source>
        <translation>把 beat 切换到这个文件…</translation>
    </message>
    <message>
        <source>Run this profile&apos;s beat with Celery Desk&apos;s file scheduler on this file, so saved edits apply within a second without a restart</source>
        <translation>让这个配置档的 beat 用 Celery Desk 的文件调度器运行这个文件，保存的编辑无需重启，一秒内生效</translation>
    </message>
    <message>
        <source>Switch the beat to the file</source>
        <translation>把 beat 切换到文件</translation>
    </message>
    <message>
        <source>Run “{0}” with the file scheduler on {1}?</source>
        <translation>用文件调度器按 {1} 运行“{0}”？</translation>
    </message>
    <message>
        <source>The file scheduler sends only this file&apos;s entries. The periodic tasks the project defines in code (beat_schedule, add_periodic_task) stop running unless they are in the file.</source>
        <translation>文件调度器只发送这个文件中的定时任务。项目代码中定义的定时任务（beat_schedule、add_periodic_task）如果不在文件里，就会停止运行。</translation>
    </message>
    <message>
        <source>One of them is not in the file yet: copy it first?</source>
        <translation>其中 1 个还不在文件里：先复制过去吗？</translation>
    </message>
    <message numerus="yes">
        <source>%n of them are not in the file yet: copy them first?</source>
        <translation>
            <numerusform>其中 %n 个还不在文件里：先复制过去吗？</numerusform>
        </translation>
    </message>
    <message>
        <source>Cannot be copied, and will stop running: {0}</source>
        <translation>无法复制、将停止运行的：{0}</translation>
    </message>
    <message>
        <source>If another beat runs this project&apos;s code-defined schedules elsewhere, stop it, or copied entries run twice.</source>
        <translation>如果别处还有 beat 在运行这个项目代码中的定时任务，请停掉它，否则复制过来的任务会运行两次。</translation>
    </message>
    <message>
        <source>Copy, save and switch</source>
        <translation>复制、保存并切换</translation>
    </message>
    <message>
        <source>Switch without copying</source>
        <translation>不复制，直接切换</translation>
    </message>
    <message>
        <source>Save and switch</source>
        <translation>保存并切换</translation>
    </message>
    <message>
        <source>Beat not switched: {0}</source>
        <translation>beat 未切换：{0}</translation>
    </message>
    <message>
        <source>{0}; waiting for it to apply revision {1}</source>
        <translation>{0}；等待它应用第 {1} 版</translation>
    </message>
</context>
</TS>
