<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>AutoscaleDialog</name>
    <message>
        <source>Autoscale</source>
        <translation>自动伸缩</translation>
    </message>
    <message>
        <source>Set autoscale</source>
        <translation>设置自动伸缩</translation>
    </message>
    <message>
        <source>Maximum processes:</source>
        <translation>最多进程数：</translation>
    </message>
    <message>
        <source>Minimum processes:</source>
        <translation>最少进程数：</translation>
    </message>
    <message>
        <source>Only workers started with --autoscale accept this.</source>
        <translation>只有以 --autoscale 启动的工作进程才接受此设置。</translation>
    </message>
    <message>
        <source>The minimum must not exceed the maximum.</source>
        <translation>最少进程数不能大于最多进程数。</translation>
    </message>
</context>
<context>
    <name>Coverage</name>
    <message>
        <source>Heard live</source>
        <translation>实时收到</translation>
    </message>
    <message>
        <source>Caught up from the recorder</source>
        <translation>从记录器补齐</translation>
    </message>
    <message>
        <source>Backfilled from the result backend (partial)</source>
        <translation>从结果后端回填（不完整）</translation>
    </message>
    <message>
        <source>Not covered</source>
        <translation>未覆盖</translation>
    </message>
    <message>
        <source>Nothing: every event the broker published was heard.</source>
        <translation>无：消息代理发布的每个事件都收到了。</translation>
    </message>
    <message>
        <source>Nothing the recorder heard; events it missed itself show as gaps, and the times are when the recorder received them.</source>
        <translation>记录器收到的都在；它自己错过的事件显示为中断，时间是记录器收到事件的时间。</translation>
    </message>
    <message>
        <source>Only tasks whose results were still in the result backend: no sent, received or started times, no retries, no tasks that are still running or whose results expired; names, arguments and workers only with result_extended.</source>
        <translation>只有结果仍在结果后端中的任务：没有发送、接收和开始时间，没有重试，也没有仍在运行或结果已过期的任务；任务名、参数和工作进程只在开启 result_extended 时才有。</translation>
    </message>
    <message>
        <source>Everything: nobody was listening and no recorder ran, so tasks of this period are missing unless the result backend still held them.</source>
        <translation>全部：当时既没有人监听，也没有运行记录器，所以这段时间的任务都缺失，除非结果后端中还保留着它们的结果。</translation>
    </message>
</context>
<context>
    <name>CoverageStrip</name>
    <message>
        <source>, </source>
        <translation>，</translation>
    </message>
</context>
<context>
    <name>DashboardPage</name>
    <message>
        <source>no tasks yet</source>
        <translation>暂无任务</translation>
    </message>
    <message>
        <source>Workers online</source>
        <translation>在线工作进程</translation>
    </message>
    <message>
        <source>Tasks per state</source>
        <translation>各状态任务数</translation>
    </message>
    <message>
        <source>Throughput (last 10 s)</source>
        <translation>吞吐量（最近 10 秒）</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>事件</translation>
    </message>
    <message>
        <source>Tasks finished per second</source>
        <translation>每秒完成的任务数</translation>
    </message>
    <message>
        <source>/s</source>
        <translation>/秒</translation>
    </message>
    <message numerus="yes">
        <source>Last %n min</source>
        <translation>
            <numerusform>最近 %n 分钟</numerusform>
        </translation>
    </message>
    <message>
        <source>Last 24 hours (journal)</source>
        <translation>最近 24 小时（任务日志）</translation>
    </message>
    <message>
        <source>Last 7 days (journal)</source>
        <translation>最近 7 天（任务日志）</translation>
    </message>
    <message>
        <source>Runtime per task name</source>
        <translation>各任务的运行时长</translation>
    </message>
    <message>
        <source>Events status</source>
        <translation>事件状态</translation>
    </message>
    <message numerus="yes">
        <source>%Ln offline</source>
        <translation>
            <numerusform>%Ln 个离线</numerusform>
        </translation>
    </message>
    <message>
        <source>all online</source>
        <translation>全部在线</translation>
    </message>
    <message>
        <source>none seen yet: start one under Processes</source>
        <translation>尚未发现：可在“进程”页启动一个</translation>
    </message>
    <message>
        <source>Succeeded</source>
        <translation>成功</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>{0}/s</source>
        <translation>{0}/秒</translation>
    </message>
    <message>
        <source>succeeded · {0}/s failed</source>
        <translation>成功 · 失败 {0}/秒</translation>
    </message>
    <message>
        <source>{0} received · {1} lost</source>
        <translation>已接收 {0} · 丢失 {1}</translation>
    </message>
    <message>
        <source>Rate: {0} events/s · {1} received</source>
        <translation>速率：{0} 个事件/秒 · 已接收 {1}</translation>
    </message>
    <message>
        <source>Lost: {0} (no gap in the stream)</source>
        <translation>丢失：{0}（事件流没有中断）</translation>
    </message>
    <message numerus="yes">
        <source>Lost: {0} ({1} dropped, about {2} missed while disconnected) in %Ln gap</source>
        <translation>
            <numerusform>丢失：{0}（丢弃 {1}，断线期间约错过 {2}），共 %Ln 处中断</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Lost: {0} ({1} dropped, about {2} missed while disconnected) in %Ln gaps</source>
        <translation>
            <numerusform>丢失：{0}（丢弃 {1}，断线期间约错过 {2}），共 %Ln 处中断</numerusform>
        </translation>
    </message>
    <message>
        <source>Last gap at {0}: {1}</source>
        <translation>最近一次中断（{0}）：{1}</translation>
    </message>
    <message>
        <source>Malformed events ignored: {0}</source>
        <translation>已忽略的格式错误事件：{0}</translation>
    </message>
    <message>
        <source>Last error: {0}</source>
        <translation>最近的错误：{0}</translation>
    </message>
    <message>
        <source>No warnings.</source>
        <translation>没有警告。</translation>
    </message>
    <message>
        <source>not listening</source>
        <translation>未在监听</translation>
    </message>
    <message>
        <source>Stream: {0}</source>
        <translation>事件流：{0}</translation>
    </message>
    <message>
        <source>Stream: {0} via {1}</source>
        <translation>事件流：{0}，经由 {1}</translation>
    </message>
</context>
<context>
    <name>EventHints</name>
    <message>
        <source>Worker {0} is running tasks but sends no task events, so its tasks do not appear here. Celery Desk asks workers to send events every few seconds, but this worker did not respond: start it with -E (--task-events), or set worker_send_task_events = True in the Celery configuration (CELERY_WORKER_SEND_TASK_EVENTS = True in Django settings).</source>
        <translation>工作进程 {0} 在运行任务，却没有发送任务事件，所以它的任务不会显示在这里。Celery Desk 每隔几秒会请求工作进程发送事件，但这个工作进程没有响应：请用 -E（--task-events）启动它，或在 Celery 配置中设置 worker_send_task_events = True（Django 设置中为 CELERY_WORKER_SEND_TASK_EVENTS = True）。</translation>
    </message>
    <message>
        <source>Worker {0} is running tasks but sends no task events, so its tasks do not appear here. Turn on &quot;Ask workers to send events every few seconds&quot; in Preferences, start the worker with -E (--task-events), or set worker_send_task_events = True in the Celery configuration (CELERY_WORKER_SEND_TASK_EVENTS = True in Django settings).</source>
        <translation>工作进程 {0} 在运行任务，却没有发送任务事件，所以它的任务不会显示在这里。请在首选项中打开“每隔几秒请求工作进程发送事件”，或用 -E（--task-events）启动该工作进程，或在 Celery 配置中设置 worker_send_task_events = True（Django 设置中为 CELERY_WORKER_SEND_TASK_EVENTS = True）。</translation>
    </message>
    <message>
        <source>Tasks appear only once a worker receives them. To see queued (PENDING) tasks too, set task_send_sent_event = True in the Celery configuration of the code that sends them (CELERY_TASK_SEND_SENT_EVENT = True in Django settings).</source>
        <translation>任务要等工作进程收到后才会显示。若要同时看到排队中（PENDING）的任务，请在发送任务的那份代码的 Celery 配置中设置 task_send_sent_event = True（Django 设置中为 CELERY_TASK_SEND_SENT_EVENT = True）。</translation>
    </message>
</context>
<context>
    <name>EventLoss</name>
    <message numerus="yes">
        <source>%n gap in the event stream</source>
        <translation>
            <numerusform>事件流中有 %n 处中断</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n gaps in the event stream</source>
        <translation>
            <numerusform>事件流中有 %n 处中断</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>about %n event lost (estimated)</source>
        <translation>
            <numerusform>约丢失 %n 个事件（估计）</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>about %n events lost (estimated)</source>
        <translation>
            <numerusform>约丢失 %n 个事件（估计）</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n event dropped (display too slow)</source>
        <translation>
            <numerusform>丢弃了 %n 个事件（界面处理不过来）</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n events dropped (display too slow)</source>
        <translation>
            <numerusform>丢弃了 %n 个事件（界面处理不过来）</numerusform>
        </translation>
    </message>
    <message>
        <source>, </source>
        <translation>，</translation>
    </message>
    <message>
        <source>connection lost</source>
        <translation>连接断开</translation>
    </message>
    <message>
        <source>hand-off queue full</source>
        <translation>交接队列已满</translation>
    </message>
    <message>
        <source>no heartbeat from {0} for {1} s</source>
        <translation>{0} 已 {1} 秒没有心跳</translation>
    </message>
</context>
<context>
    <name>FilterBar</name>
    <message>
        <source>Search, e.g. name:add state:failure NOT args:42</source>
        <translation>搜索，例如 name:add state:failure NOT args:42</translation>
    </message>
    <message>
        <source>All names</source>
        <translation>所有任务名</translation>
    </message>
    <message>
        <source>All workers</source>
        <translation>所有工作进程</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Hold the live updates of every view; events are still collected.</source>
        <translation>暂停所有视图的实时刷新；事件仍会照常收集。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Search&lt;/b&gt; (case-insensitive, parts of words match)&lt;br&gt;&lt;code&gt;add&lt;/code&gt; – in name, id, args, kwargs, result or exception&lt;br&gt;&lt;code&gt;name:add&lt;/code&gt; &amp;nbsp;fields: name, id, args, kwargs, result, exception, traceback, worker, state, queue&lt;br&gt;&lt;code&gt;args:&quot;two words&quot;&lt;/code&gt; – quotes keep spaces&lt;br&gt;&lt;code&gt;a b&lt;/code&gt; or &lt;code&gt;a AND b&lt;/code&gt; – both; &lt;code&gt;a OR b&lt;/code&gt; – either&lt;br&gt;&lt;code&gt;NOT a&lt;/code&gt; or &lt;code&gt;-a&lt;/code&gt; – without; &lt;code&gt;( )&lt;/code&gt; group&lt;br&gt;e.g. &lt;code&gt;state:failure AND NOT worker:beta&lt;/code&gt;</source>
        <translation>&lt;b&gt;搜索&lt;/b&gt;（不区分大小写，匹配词的一部分即可）&lt;br&gt;&lt;code&gt;add&lt;/code&gt; – 在任务名、ID、args、kwargs、结果或异常中查找&lt;br&gt;&lt;code&gt;name:add&lt;/code&gt; &amp;nbsp;字段：name、id、args、kwargs、result、exception、traceback、worker、state、queue&lt;br&gt;&lt;code&gt;args:&quot;two words&quot;&lt;/code&gt; – 用引号保留空格&lt;br&gt;&lt;code&gt;a b&lt;/code&gt; 或 &lt;code&gt;a AND b&lt;/code&gt; – 同时满足；&lt;code&gt;a OR b&lt;/code&gt; – 满足其一&lt;br&gt;&lt;code&gt;NOT a&lt;/code&gt; 或 &lt;code&gt;-a&lt;/code&gt; – 排除；&lt;code&gt;( )&lt;/code&gt; 分组&lt;br&gt;例如 &lt;code&gt;state:failure AND NOT worker:beta&lt;/code&gt;</translation>
    </message>
    <message>
        <source>All time</source>
        <translation>全部时间</translation>
    </message>
    <message>
        <source>Last 5 minutes</source>
        <translation>最近 5 分钟</translation>
    </message>
    <message>
        <source>Last hour</source>
        <translation>最近 1 小时</translation>
    </message>
    <message>
        <source>Last 24 hours</source>
        <translation>最近 24 小时</translation>
    </message>
    <message>
        <source>Custom…</source>
        <translation>自定义…</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Visible rows as CSV…</source>
        <translation>将显示的行导出为 CSV…</translation>
    </message>
    <message>
        <source>Visible rows as JSON…</source>
        <translation>将显示的行导出为 JSON…</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清空</translation>
    </message>
    <message>
        <source>Forget every task held (workers stay).</source>
        <translation>清除保存的所有任务（工作进程保留）。</translation>
    </message>
    <message>
        <source>Search not applied: {0} (at character {1})</source>
        <translation>搜索未生效：{0}（第 {1} 个字符处）</translation>
    </message>
    <message numerus="yes">
        <source>%n states</source>
        <translation>
            <numerusform>%n 种状态</numerusform>
        </translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>All states</source>
        <translation>所有状态</translation>
    </message>
    <message>
        <source>No state</source>
        <translation>不选状态</translation>
    </message>
</context>
<context>
    <name>HistoryChart</name>
    <message>
        <source>Tasks finished per 15 minutes (journal)</source>
        <translation>每 15 分钟完成的任务（任务日志）</translation>
    </message>
    <message>
        <source>Tasks finished per 2 hours (journal)</source>
        <translation>每 2 小时完成的任务（任务日志）</translation>
    </message>
</context>
<context>
    <name>InspectTab</name>
    <message>
        <source>Key</source>
        <translation>键</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>Nothing.</source>
        <translation>无。</translation>
    </message>
</context>
<context>
    <name>LineChart</name>
    <message>
        <source>now</source>
        <translation>现在</translation>
    </message>
    <message>
        <source>-{0} s</source>
        <translation>-{0} 秒</translation>
    </message>
    <message>
        <source>-{0} min</source>
        <translation>-{0} 分</translation>
    </message>
    <message>
        <source>-{0} h</source>
        <translation>-{0} 时</translation>
    </message>
    <message>
        <source>-{0} d</source>
        <translation>-{0} 天</translation>
    </message>
    <message>
        <source>No data yet</source>
        <translation>暂无数据</translation>
    </message>
</context>
<context>
    <name>ModeSwitch</name>
    <message>
        <source>Live</source>
        <translation>实时</translation>
    </message>
    <message>
        <source>Tasks heard since the app connected, as they run.</source>
        <translation>本次连接以来收到的任务，随运行实时更新。</translation>
    </message>
    <message>
        <source>History</source>
        <translation>历史</translation>
    </message>
    <message>
        <source>Every task in the journal, earlier sessions included.</source>
        <translation>任务日志中的全部任务，包括之前会话的。</translation>
    </message>
</context>
<context>
    <name>MonitorStatus</name>
    <message>
        <source>connecting</source>
        <translation>正在连接</translation>
    </message>
    <message>
        <source>connected</source>
        <translation>已连接</translation>
    </message>
    <message>
        <source>reconnecting</source>
        <translation>正在重连</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Events: not connected</source>
        <translation>事件：未连接</translation>
    </message>
    <message>
        <source>Events: {0}</source>
        <translation>事件：{0}</translation>
    </message>
    <message>
        <source>Events: {0} (attempt {1}, next in {2} s)</source>
        <translation>事件：{0}（第 {1} 次尝试，{2} 秒后重试）</translation>
    </message>
    <message>
        <source>{0}/s</source>
        <translation>{0}/秒</translation>
    </message>
    <message numerus="yes">
        <source>{0} lost in %Ln gap</source>
        <translation>
            <numerusform>丢失 {0}（%Ln 处中断）</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{0} lost in %Ln gaps</source>
        <translation>
            <numerusform>丢失 {0}（%Ln 处中断）</numerusform>
        </translation>
    </message>
    <message>
        <source>{0} lost</source>
        <translation>丢失 {0}</translation>
    </message>
    <message>
        <source>{0} waiting</source>
        <translation>{0} 个待处理</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>已暂停</translation>
    </message>
    <message numerus="yes">
        <source>%n warning</source>
        <translation>
            <numerusform>%n 条警告</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n warnings</source>
        <translation>
            <numerusform>%n 条警告</numerusform>
        </translation>
    </message>
    <message>
        <source>Last error: {0}</source>
        <translation>最近的错误：{0}</translation>
    </message>
    <message>
        <source>Last gap: {0} (events lost: unknown)</source>
        <translation>最近一次中断：{0}（丢失事件数：未知）</translation>
    </message>
    <message>
        <source>Last gap: {0} (events lost: {1})</source>
        <translation>最近一次中断：{0}（丢失事件数：{1}）</translation>
    </message>
</context>
<context>
    <name>PoolSizeDialog</name>
    <message>
        <source>Grow pool</source>
        <translation>扩大进程池</translation>
    </message>
    <message>
        <source>Shrink pool</source>
        <translation>缩小进程池</translation>
    </message>
    <message>
        <source>Processes to add:</source>
        <translation>增加的进程数：</translation>
    </message>
    <message>
        <source>Processes to remove:</source>
        <translation>减少的进程数：</translation>
    </message>
</context>
<context>
    <name>QueueDialog</name>
    <message>
        <source>Cancel consumer</source>
        <translation>取消消费者</translation>
    </message>
    <message>
        <source>Add consumer</source>
        <translation>添加消费者</translation>
    </message>
    <message>
        <source>one of the worker&apos;s active queues</source>
        <translation>工作进程正在消费的某个队列</translation>
    </message>
    <message>
        <source>a queue name, e.g. emails</source>
        <translation>队列名，例如 emails</translation>
    </message>
    <message>
        <source>Queue:</source>
        <translation>队列：</translation>
    </message>
    <message>
        <source>Choose or type a queue name.</source>
        <translation>请选择或输入队列名。</translation>
    </message>
</context>
<context>
    <name>RateLimitDialog</name>
    <message>
        <source>Rate limit</source>
        <translation>速率限制</translation>
    </message>
    <message>
        <source>Set rate limit</source>
        <translation>设置速率限制</translation>
    </message>
    <message>
        <source>e.g. 10/m, 2/s, 100/h — empty removes the limit</source>
        <translation>例如 10/m、2/s、100/h；留空则取消限制</translation>
    </message>
    <message>
        <source>Rate:</source>
        <translation>速率：</translation>
    </message>
    <message>
        <source>&apos;{0}&apos; is not a rate: use tasks per s, m or h, like 10/m.</source>
        <translation>“{0}”不是有效的速率：请写每秒（s）、每分（m）或每小时（h）的任务数，例如 10/m。</translation>
    </message>
</context>
<context>
    <name>RecordTableModel</name>
    <message>
        <source>{0} (times in {1})</source>
        <translation>{0}（时间按 {1} 显示）</translation>
    </message>
</context>
<context>
    <name>ReplyPanel</name>
    <message>
        <source>Hide</source>
        <translation>隐藏</translation>
    </message>
    <message>
        <source>Worker</source>
        <translation>工作进程</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Reply</source>
        <translation>应答</translation>
    </message>
    <message>
        <source>all workers</source>
        <translation>所有工作进程</translation>
    </message>
    <message>
        <source>{0} → {1}: waiting up to {2} s for replies…</source>
        <translation>{0} → {1}：最多等待 {2} 秒应答…</translation>
    </message>
    <message>
        <source>{0} refused: {1}</source>
        <translation>{0} 被拒绝：{1}</translation>
    </message>
    <message>
        <source>The action failed: {0}</source>
        <translation>操作失败：{0}</translation>
    </message>
    <message>
        <source>{0} failed at {1}: {2}</source>
        <translation>{0} 失败（{1}）：{2}</translation>
    </message>
    <message>
        <source>done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>sent</source>
        <translation>已发送</translation>
    </message>
    <message>
        <source>{0} at {1}: {2}</source>
        <translation>{0}（{1}）：{2}</translation>
    </message>
</context>
<context>
    <name>RetryDialog</name>
    <message>
        <source>args must be a JSON list, like [1, 2]</source>
        <translation>args 必须是 JSON 列表，例如 [1, 2]</translation>
    </message>
    <message>
        <source>kwargs must be a JSON object, like {&quot;x&quot;: 1}</source>
        <translation>kwargs 必须是 JSON 对象，例如 {&quot;x&quot;: 1}</translation>
    </message>
    <message>
        <source>options must be a JSON object, like {&quot;queue&quot;: &quot;celery&quot;}</source>
        <translation>选项必须是 JSON 对象，例如 {&quot;queue&quot;: &quot;celery&quot;}</translation>
    </message>
    <message>
        <source>{0} is not valid JSON ({1}, line {2})</source>
        <translation>{0} 不是有效的 JSON（{1}，第 {2} 行）</translation>
    </message>
    <message>
        <source>Retry task</source>
        <translation>重试任务</translation>
    </message>
    <message>
        <source>Loading the original arguments…</source>
        <translation>正在读取原始参数…</translation>
    </message>
    <message>
        <source>Send options as JSON: queue, priority, countdown…</source>
        <translation>以 JSON 填写发送选项：queue、priority、countdown…</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>重试</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>任务名</translation>
    </message>
    <message>
        <source>Args (JSON list)</source>
        <translation>args（JSON 列表）</translation>
    </message>
    <message>
        <source>Kwargs (JSON object)</source>
        <translation>kwargs（JSON 对象）</translation>
    </message>
    <message>
        <source>Options (JSON)</source>
        <translation>选项（JSON）</translation>
    </message>
    <message>
        <source>{0}. Retry stays disabled until you edit the arguments.</source>
        <translation>{0}。修改参数之前无法重试。</translation>
    </message>
    <message>
        <source>{0} [source: {1}]</source>
        <translation>{0}［来源：{1}］</translation>
    </message>
    <message>
        <source>Loading the originals failed: {0}</source>
        <translation>读取原始参数失败：{0}</translation>
    </message>
    <message>
        <source>the original arguments are still loading</source>
        <translation>原始参数仍在读取中</translation>
    </message>
    <message>
        <source>the task name is empty</source>
        <translation>任务名为空</translation>
    </message>
    <message>
        <source>only truncated argument reprs were found: edit them first</source>
        <translation>只找到被截断的参数 repr：请先修改参数</translation>
    </message>
</context>
<context>
    <name>RowHold</name>
    <message numerus="yes">
        <source>↑ %Ln new</source>
        <translation>
            <numerusform>↑ %Ln 条新任务</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RuntimeModel</name>
    <message>
        <source>Task name</source>
        <translation>任务名</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>次数</translation>
    </message>
    <message>
        <source>Max</source>
        <translation>最长</translation>
    </message>
    <message>
        <source>Tasks of this name that finished with a runtime</source>
        <translation>该任务中已完成并报告了运行时长的次数</translation>
    </message>
    <message>
        <source>The longest of the most recent runtimes kept</source>
        <translation>保留的最近运行时长中的最大值</translation>
    </message>
    <message>
        <source>Nearest-rank percentile over the most recent runtimes kept</source>
        <translation>基于保留的最近运行时长计算的百分位数（最近秩法）</translation>
    </message>
    <message numerus="yes">
        <source>over the last %Ln runtime</source>
        <translation>
            <numerusform>基于最近 %Ln 次运行</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>over the last %Ln runtimes</source>
        <translation>
            <numerusform>基于最近 %Ln 次运行</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TaskActions</name>
    <message>
        <source>Revoke</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Revoke: workers discard the task if it has not started</source>
        <translation>撤销：任务尚未开始时，工作进程会丢弃它</translation>
    </message>
    <message>
        <source>Terminate</source>
        <translation>终止</translation>
    </message>
    <message>
        <source>Revoke and signal the process running the task</source>
        <translation>撤销，并向正在运行该任务的进程发送信号</translation>
    </message>
    <message>
        <source>Retry…</source>
        <translation>重试…</translation>
    </message>
    <message>
        <source>Send the task again, with its original or edited arguments</source>
        <translation>用原始或修改后的参数重新发送该任务</translation>
    </message>
    <message>
        <source>Revoke all shown…</source>
        <translation>撤销全部显示的任务…</translation>
    </message>
    <message>
        <source>Revoke every task the current filter shows</source>
        <translation>撤销当前筛选条件下显示的所有任务</translation>
    </message>
    <message>
        <source>Retry all shown…</source>
        <translation>重试全部显示的任务…</translation>
    </message>
    <message>
        <source>Retry every task the current filter shows</source>
        <translation>重试当前筛选条件下显示的所有任务</translation>
    </message>
    <message>
        <source>task</source>
        <translation>任务</translation>
    </message>
    <message numerus="yes">
        <source>%Ln tasks</source>
        <translation>
            <numerusform>%Ln 个任务</numerusform>
        </translation>
    </message>
    <message>
        <source>Terminate with {0}</source>
        <translation>用 {0} 终止</translation>
    </message>
    <message>
        <source>Task actions</source>
        <translation>任务操作</translation>
    </message>
    <message>
        <source>Not connected to a broker</source>
        <translation>未连接消息代理</translation>
    </message>
    <message>
        <source>Select one or more tasks</source>
        <translation>请选择一个或多个任务</translation>
    </message>
    <message>
        <source>Act on {0}:</source>
        <translation>操作 {0}：</translation>
    </message>
    <message>
        <source>Task actions:</source>
        <translation>任务操作：</translation>
    </message>
    <message>
        <source>No task to act on</source>
        <translation>没有可操作的任务</translation>
    </message>
    <message>
        <source>Terminate {0} with {1}?</source>
        <translation>要用 {1} 终止 {0} 吗？</translation>
    </message>
    <message>
        <source>Revoke {0}?</source>
        <translation>要撤销 {0} 吗？</translation>
    </message>
    <message>
        <source>Workers that have the task running kill it.</source>
        <translation>正在运行该任务的工作进程会将其强行结束。</translation>
    </message>
    <message>
        <source>Workers skip these tasks; one already running keeps running (use Terminate).</source>
        <translation>工作进程会跳过这些任务；已在运行的任务会继续运行（请用“终止”）。</translation>
    </message>
    <message>
        <source>Kept across a worker restart by: {0} (started here with a state file)</source>
        <translation>以下工作进程重启后仍会记住这次撤销：{0}（在本应用中以状态文件启动）</translation>
    </message>
    <message>
        <source>Forgotten when these restart, unless they were started with --statedb: {0}</source>
        <translation>以下工作进程重启后会忘记这次撤销，除非它们以 --statedb 启动：{0}</translation>
    </message>
    <message>
        <source>No worker is online: a worker started later never hears it.</source>
        <translation>当前没有在线的工作进程：之后启动的工作进程收不到这次撤销。</translation>
    </message>
    <message>
        <source>Confirm</source>
        <translation>确认</translation>
    </message>
    <message>
        <source>Retry {0}?</source>
        <translation>要重试 {0} 吗？</translation>
    </message>
    <message>
        <source>Each is sent again as a new task with its original arguments; tasks whose full arguments cannot be found are skipped and listed.</source>
        <translation>每个任务都会以原始参数作为新任务重新发送；找不到完整参数的任务会被跳过并列出。</translation>
    </message>
    <message>
        <source>only truncated argument reprs exist: retry this task alone and edit them</source>
        <translation>只有被截断的参数 repr：请单独重试该任务并修改参数</translation>
    </message>
    <message>
        <source>sent as {0}</source>
        <translation>已发送，任务 ID 为 {0}</translation>
    </message>
</context>
<context>
    <name>TaskColumns</name>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>任务名</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Args</source>
        <translation>args</translation>
    </message>
    <message>
        <source>Kwargs</source>
        <translation>kwargs</translation>
    </message>
    <message>
        <source>Result / exception</source>
        <translation>结果 / 异常</translation>
    </message>
    <message>
        <source>Worker</source>
        <translation>工作进程</translation>
    </message>
    <message>
        <source>Queue</source>
        <translation>队列</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>发送时间</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>接收时间</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <source>Finished</source>
        <translation>结束时间</translation>
    </message>
    <message>
        <source>Runtime</source>
        <translation>运行时长</translation>
    </message>
    <message>
        <source>Retries</source>
        <translation>重试次数</translation>
    </message>
    <message>
        <source>ETA</source>
        <translation>ETA</translation>
    </message>
    <message>
        <source>Parent</source>
        <translation>父任务</translation>
    </message>
    <message>
        <source>Root</source>
        <translation>根任务</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>客户端</translation>
    </message>
</context>
<context>
    <name>TaskDetail</name>
    <message>
        <source>sent</source>
        <translation>已发送</translation>
    </message>
    <message>
        <source>received</source>
        <translation>已接收</translation>
    </message>
    <message>
        <source>started</source>
        <translation>已开始</translation>
    </message>
    <message>
        <source>retried</source>
        <translation>已重试</translation>
    </message>
    <message>
        <source>succeeded</source>
        <translation>已成功</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>已失败</translation>
    </message>
    <message>
        <source>revoked</source>
        <translation>已撤销</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>已拒绝</translation>
    </message>
    <message>
        <source>last event ({0})</source>
        <translation>最后的事件（{0}）</translation>
    </message>
    <message>
        <source>From the journal: {0}</source>
        <translation>来自任务日志：{0}</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>no timeline: the result backend keeps only how the task ended.</source>
        <translation>没有时间线：结果后端只保存任务的最终结果。</translation>
    </message>
    <message>
        <source>{0} (from started to finished)</source>
        <translation>{0}（从开始到结束）</translation>
    </message>
    <message>
        <source>Copy ID</source>
        <translation>复制 ID</translation>
    </message>
    <message>
        <source>Select a task to see its details.</source>
        <translation>选择一个任务以查看详情。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Timeline&lt;/b&gt;</source>
        <translation>&lt;b&gt;时间线&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Task {0} is no longer held (evicted or cleared).</source>
        <translation>任务 {0} 已不在内存中（已被淘汰或清空）。</translation>
    </message>
    <message>
        <source>(unnamed)</source>
        <translation>（未命名）</translation>
    </message>
    <message>
        <source>Reading task {0} from the journal…</source>
        <translation>正在从任务日志读取任务 {0}…</translation>
    </message>
    <message>
        <source> · from the result backend</source>
        <translation> · 来自结果后端</translation>
    </message>
    <message>
        <source>Args</source>
        <translation>args</translation>
    </message>
    <message>
        <source>Kwargs</source>
        <translation>kwargs</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Exception</source>
        <translation>异常</translation>
    </message>
    <message>
        <source>Worker</source>
        <translation>工作进程</translation>
    </message>
    <message>
        <source>Queue</source>
        <translation>队列</translation>
    </message>
    <message>
        <source>Exchange</source>
        <translation>交换机</translation>
    </message>
    <message>
        <source>Routing key</source>
        <translation>路由键</translation>
    </message>
    <message>
        <source>Retries</source>
        <translation>重试次数</translation>
    </message>
    <message>
        <source>Runtime</source>
        <translation>运行时长</translation>
    </message>
    <message>
        <source>ETA</source>
        <translation>ETA</translation>
    </message>
    <message>
        <source>Expires</source>
        <translation>过期时间</translation>
    </message>
    <message>
        <source>Parent</source>
        <translation>父任务</translation>
    </message>
    <message>
        <source>Root</source>
        <translation>根任务</translation>
    </message>
    <message>
        <source>Children</source>
        <translation>子任务</translation>
    </message>
    <message>
        <source>… (the first {0})</source>
        <translation>…（仅列出前 {0} 个）</translation>
    </message>
    <message>
        <source>Task {0} is neither held nor in the journal.</source>
        <translation>内存和任务日志中都没有任务 {0}。</translation>
    </message>
</context>
<context>
    <name>TaskMenus</name>
    <message>
        <source>Arrival order (newest first)</source>
        <translation>按到达顺序（最新在前）</translation>
    </message>
    <message>
        <source>Copy task ID</source>
        <translation>复制任务 ID</translation>
    </message>
    <message>
        <source>Show only {0}</source>
        <translation>只显示 {0}</translation>
    </message>
</context>
<context>
    <name>TaskQuery</name>
    <message>
        <source>unclosed quote: add a closing &quot;</source>
        <translation>引号未闭合：请补上结尾的 &quot;</translation>
    </message>
    <message>
        <source>unknown field {0}: use one of {1}, or quote the text (&quot;{2}:...&quot;)</source>
        <translation>未知字段 {0}：请使用 {1} 之一，或给文本加上引号（&quot;{2}:...&quot;）</translation>
    </message>
    <message>
        <source>{0}: needs a value, e.g. {0}:something</source>
        <translation>{0} 需要一个值，例如 {0}:something</translation>
    </message>
    <message>
        <source>unexpected {0}</source>
        <translation>多余的 {0}</translation>
    </message>
    <message>
        <source>the query ends too early: a term is missing</source>
        <translation>查询提前结束了：缺少一个条件</translation>
    </message>
    <message>
        <source>missing &apos;)&apos;</source>
        <translation>缺少 &apos;)&apos;</translation>
    </message>
    <message>
        <source>unexpected {0}: a term is missing</source>
        <translation>多余的 {0}：缺少一个条件</translation>
    </message>
</context>
<context>
    <name>TasksHistory</name>
    <message>
        <source>Reading the journal…</source>
        <translation>正在读取任务日志…</translation>
    </message>
    <message>
        <source>{0} journaled tasks match, {1} loaded (more as you scroll)</source>
        <translation>任务日志中有 {0} 个任务匹配，已加载 {1} 个（滚动时继续加载）</translation>
    </message>
    <message numerus="yes">
        <source>%Ln journaled task matches</source>
        <translation>
            <numerusform>任务日志中有 %Ln 个任务匹配</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln journaled tasks match</source>
        <translation>
            <numerusform>任务日志中有 %Ln 个任务匹配</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n new since loaded: show</source>
        <translation>
            <numerusform>加载后新增 %n 个：显示</numerusform>
        </translation>
    </message>
    <message>
        <source>No journaled task matches the search and filters.</source>
        <translation>任务日志中没有符合搜索和筛选条件的任务。</translation>
    </message>
    <message>
        <source>The journal holds no tasks yet.</source>
        <translation>任务日志中还没有任务。</translation>
    </message>
    <message>
        <source>Last 24 hours:</source>
        <translation>最近 24 小时：</translation>
    </message>
    <message>
        <source>{0}:</source>
        <comment>a rolling range, e.g. &apos;Last hour:&apos;</comment>
        <translation>{0}：</translation>
    </message>
    <message>
        <source>Searched period:</source>
        <translation>所选时段：</translation>
    </message>
    <message>
        <source>The journal is switched off (Preferences &gt; History): only live tasks are shown.</source>
        <translation>任务日志已关闭（首选项 &gt; 历史）：只显示实时任务。</translation>
    </message>
    <message>
        <source>No journal yet: it starts with the first connection.</source>
        <translation>还没有任务日志：首次连接后开始记录。</translation>
    </message>
</context>
<context>
    <name>TasksPage</name>
    <message>
        <source>showing {0} of {1} tasks ({2} oldest dropped at the {3} cap)</source>
        <translation>显示 {0} / {1} 个任务（已达上限 {3}，丢弃了最早的 {2} 个）</translation>
    </message>
    <message numerus="yes">
        <source>showing {0} of %Ln task</source>
        <translation>
            <numerusform>显示 {0} / %Ln 个任务</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>showing {0} of %Ln tasks</source>
        <translation>
            <numerusform>显示 {0} / %Ln 个任务</numerusform>
        </translation>
    </message>
    <message>
        <source>No tasks yet. Tasks appear here the moment a worker sends events about them.
No worker running? Start one under Processes, or run the demo (celery-desk --demo).</source>
        <translation>还没有任务。工作进程一发送任务事件，任务就会出现在这里。
没有运行中的工作进程？可在“进程”页启动一个，或运行演示（celery-desk --demo）。</translation>
    </message>
    <message>
        <source>Tasks of earlier sessions are under History.</source>
        <translation>之前会话的任务在“历史”中。</translation>
    </message>
    <message>
        <source>No task held matches the search and filters.</source>
        <translation>没有任务符合当前的搜索和筛选条件。</translation>
    </message>
    <message>
        <source>Export visible tasks</source>
        <translation>导出显示的任务</translation>
    </message>
    <message>
        <source>JSON (*.json)</source>
        <translation>JSON（*.json）</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV（*.csv）</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
    <message>
        <source>Cannot write {0}: {1}</source>
        <translation>无法写入 {0}：{1}</translation>
    </message>
</context>
<context>
    <name>TimeFormatter</name>
    <message>
        <source>unknown time zone {0}: use &apos;local&apos;, &apos;UTC&apos; or a name like &apos;Europe/Paris&apos;</source>
        <translation>未知时区 {0}：请使用 &apos;local&apos;、&apos;UTC&apos; 或 &apos;Asia/Shanghai&apos; 这样的名称</translation>
    </message>
</context>
<context>
    <name>TimeLimitDialog</name>
    <message>
        <source>Time limits</source>
        <translation>时间限制</translation>
    </message>
    <message>
        <source>Set time limits</source>
        <translation>设置时间限制</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Soft limit:</source>
        <translation>软限制：</translation>
    </message>
    <message>
        <source>Hard limit:</source>
        <translation>硬限制：</translation>
    </message>
    <message>
        <source>The soft limit must not exceed the hard limit.</source>
        <translation>软限制不能超过硬限制。</translation>
    </message>
</context>
<context>
    <name>TimeRangeDialog</name>
    <message>
        <source>Custom time range</source>
        <translation>自定义时间范围</translation>
    </message>
    <message>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <source>To</source>
        <translation>到</translation>
    </message>
    <message>
        <source>Times in {0}</source>
        <translation>时间按 {0} 显示</translation>
    </message>
</context>
<context>
    <name>TimelineView</name>
    <message>
        <source>Event</source>
        <translation>事件</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>After previous</source>
        <translation>距上一步</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>累计</translation>
    </message>
    <message>
        <source>By</source>
        <translation>来自</translation>
    </message>
    <message>
        <source>Negative: the senders&apos; clocks disagree (clock skew).</source>
        <translation>为负值：发送方的时钟不一致（时钟偏差）。</translation>
    </message>
</context>
<context>
    <name>TracebackBox</name>
    <message>
        <source>Copy traceback</source>
        <translation>复制 traceback</translation>
    </message>
    <message>
        <source>&lt;b&gt;Traceback&lt;/b&gt;</source>
        <translation>&lt;b&gt;Traceback&lt;/b&gt;</translation>
    </message>
</context>
<context>
    <name>WorkerActionDialogs</name>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
</context>
<context>
    <name>WorkerActions</name>
    <message>
        <source>Rate limit…</source>
        <translation>速率限制…</translation>
    </message>
    <message>
        <source>Limit how often a task type may start</source>
        <translation>限制某类任务的启动频率</translation>
    </message>
    <message>
        <source>Time limits…</source>
        <translation>时间限制…</translation>
    </message>
    <message>
        <source>Soft and hard time limits for a task type</source>
        <translation>某类任务的软、硬时间限制</translation>
    </message>
    <message>
        <source>Grow pool…</source>
        <translation>扩大进程池…</translation>
    </message>
    <message>
        <source>Add pool processes</source>
        <translation>增加进程池中的进程</translation>
    </message>
    <message>
        <source>Shrink pool…</source>
        <translation>缩小进程池…</translation>
    </message>
    <message>
        <source>Remove pool processes</source>
        <translation>减少进程池中的进程</translation>
    </message>
    <message>
        <source>Autoscale…</source>
        <translation>自动伸缩…</translation>
    </message>
    <message>
        <source>Autoscaler bounds (workers started with --autoscale)</source>
        <translation>自动伸缩的上下限（适用于以 --autoscale 启动的工作进程）</translation>
    </message>
    <message>
        <source>Add consumer…</source>
        <translation>添加消费者…</translation>
    </message>
    <message>
        <source>Start consuming from a queue</source>
        <translation>开始消费某个队列</translation>
    </message>
    <message>
        <source>Cancel consumer…</source>
        <translation>取消消费者…</translation>
    </message>
    <message>
        <source>Stop consuming from one of the active queues</source>
        <translation>停止消费某个正在消费的队列</translation>
    </message>
    <message>
        <source>Restart pool</source>
        <translation>重启进程池</translation>
    </message>
    <message>
        <source>Restart the pool processes (needs worker_pool_restarts, CELERY_WORKER_POOL_RESTARTS in Django settings)</source>
        <translation>重启进程池中的进程（需要开启 worker_pool_restarts，Django 设置中为 CELERY_WORKER_POOL_RESTARTS）</translation>
    </message>
    <message>
        <source>Shut down</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Warm shutdown: finish running tasks, then exit</source>
        <translation>温和关闭：先完成正在运行的任务，再退出</translation>
    </message>
    <message>
        <source>Messages stay in the queue until some worker consumes it again.</source>
        <translation>消息会留在队列中，直到有工作进程重新消费该队列。</translation>
    </message>
    <message>
        <source>The pool processes are replaced; it needs worker_pool_restarts enabled (CELERY_WORKER_POOL_RESTARTS in Django settings).</source>
        <translation>进程池中的进程会被替换；需要开启 worker_pool_restarts（Django 设置中为 CELERY_WORKER_POOL_RESTARTS）。</translation>
    </message>
    <message>
        <source>Each worker stops taking tasks, finishes the running ones and exits. It does not reply; nothing restarts it unless its supervisor does.</source>
        <translation>每个工作进程会停止接收任务，完成正在运行的任务后退出。它不会应答；除非有进程管理器重启它，否则不会再启动。</translation>
    </message>
    <message numerus="yes">
        <source>%Ln workers ({0})</source>
        <translation>
            <numerusform>%Ln 个工作进程（{0}）</numerusform>
        </translation>
    </message>
    <message>
        <source>Worker actions</source>
        <translation>工作进程操作</translation>
    </message>
    <message>
        <source>Not connected to a broker</source>
        <translation>未连接消息代理</translation>
    </message>
    <message>
        <source>Select one or more workers</source>
        <translation>请选择一个或多个工作进程</translation>
    </message>
    <message>
        <source>Act on {0}:</source>
        <translation>操作 {0}：</translation>
    </message>
    <message>
        <source>Worker actions:</source>
        <translation>工作进程操作：</translation>
    </message>
    <message>
        <source>{0} on {1}</source>
        <translation>{0}（对 {1}）</translation>
    </message>
    <message>
        <source>On {0}</source>
        <translation>对象：{0}</translation>
    </message>
    <message>
        <source>not connected to a broker</source>
        <translation>未连接消息代理</translation>
    </message>
    <message>
        <source>Stop {0} consuming from &apos;{1}&apos;?</source>
        <translation>要让 {0} 停止消费 &apos;{1}&apos; 吗？</translation>
    </message>
    <message>
        <source>Restart the pool of {0}?</source>
        <translation>要重启 {0} 的进程池吗？</translation>
    </message>
    <message>
        <source>Shut down {0}?</source>
        <translation>要关闭 {0} 吗？</translation>
    </message>
</context>
<context>
    <name>WorkerColumns</name>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Hostname</source>
        <translation>主机名</translation>
    </message>
    <message>
        <source>PID</source>
        <translation>PID</translation>
    </message>
    <message>
        <source>Pool</source>
        <translation>进程池</translation>
    </message>
    <message>
        <source>Concurrency</source>
        <translation>并发数</translation>
    </message>
    <message>
        <source>Processed</source>
        <translation>已处理</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>Succeeded</source>
        <translation>成功</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Retried</source>
        <translation>重试</translation>
    </message>
    <message>
        <source>Revoked</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Unseen</source>
        <translation>未观测</translation>
    </message>
    <message>
        <source>Load average</source>
        <translation>平均负载</translation>
    </message>
    <message>
        <source>Heartbeat</source>
        <translation>心跳</translation>
    </message>
    <message>
        <source>Celery</source>
        <translation>Celery</translation>
    </message>
    <message>
        <source>Runs this worker started since it started, as it counts them in its heartbeats (a retried task counts once per try).
Processed = Active + Succeeded + Failed + Retried + Revoked + Unseen</source>
        <translation>该工作进程自启动以来开始执行的次数，取自它心跳中的计数（重试的任务每试一次算一次）。
已处理 = 运行中 + 成功 + 失败 + 重试 + 撤销 + 未观测</translation>
    </message>
    <message>
        <source>Running now, as the worker counted at its last heartbeat</source>
        <translation>正在运行的任务数，取自工作进程最近一次心跳</translation>
    </message>
    <message>
        <source>Runs that succeeded (task events seen here, up to the last heartbeat)</source>
        <translation>执行成功的次数（本应用收到的任务事件，截至最近一次心跳）</translation>
    </message>
    <message>
        <source>Runs that failed: an exception, a time limit, a lost pool process (task events seen here, up to the last heartbeat)</source>
        <translation>执行失败的次数：抛出异常、超出时间限制、进程池中的进程丢失（本应用收到的任务事件，截至最近一次心跳）</translation>
    </message>
    <message>
        <source>Runs that ended in a retry; the next try is a run of its own (task events seen here, up to the last heartbeat)</source>
        <translation>以重试结束的次数；下一次尝试另算一次（本应用收到的任务事件，截至最近一次心跳）</translation>
    </message>
    <message>
        <source>Runs stopped while running: revoked with terminate, or rejected by the task. A task revoked before it started never ran and is counted nowhere here.</source>
        <translation>运行中被中止的次数：以 terminate 方式撤销，或被任务自身拒绝（Reject）。开始之前就被撤销的任务从未执行，这里的各列都不计入。</translation>
    </message>
    <message>
        <source>Runs that ended without a task event seen here: before Celery Desk was listening, events lost, or a worker that sends no task events (-E)</source>
        <translation>结束了但本应用没有收到任务事件的次数：发生在 Celery Desk 开始监听之前、事件丢失，或工作进程没有发送任务事件（-E）</translation>
    </message>
    <message>
        <source>Local time the last heartbeat arrived (not the worker&apos;s clock)</source>
        <translation>最近一次心跳到达的本地时间（不是工作进程的时钟）</translation>
    </message>
</context>
<context>
    <name>WorkerDetail</name>
    <message>
        <source>Stats</source>
        <translation>统计</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>Reserved</source>
        <translation>待执行</translation>
    </message>
    <message>
        <source>Scheduled</source>
        <translation>等待 ETA</translation>
    </message>
    <message>
        <source>Revoked</source>
        <translation>已撤销</translation>
    </message>
    <message>
        <source>Registered tasks</source>
        <translation>已注册任务</translation>
    </message>
    <message>
        <source>Active queues</source>
        <translation>消费中的队列</translation>
    </message>
    <message>
        <source>Conf</source>
        <translation>配置</translation>
    </message>
    <message numerus="yes">
        <source>%Ln item</source>
        <translation>
            <numerusform>%Ln 项</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln items</source>
        <translation>
            <numerusform>%Ln 项</numerusform>
        </translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Copy JSON</source>
        <translation>复制 JSON</translation>
    </message>
    <message>
        <source>Copy this tab&apos;s reply as JSON</source>
        <translation>以 JSON 复制本标签页的应答</translation>
    </message>
    <message>
        <source>Not heard since connecting: known from the journal only, so there is nobody to ask.</source>
        <translation>连接以来未收到它的消息：只在任务日志中见过，无从查询。</translation>
    </message>
    <message>
        <source>Not connected to a broker: nothing to ask.</source>
        <translation>未连接消息代理：无法查询。</translation>
    </message>
    <message>
        <source>Asking {0}… (up to {1} s)</source>
        <translation>正在查询 {0}…（最多 {1} 秒）</translation>
    </message>
    <message>
        <source>asking…</source>
        <translation>查询中…</translation>
    </message>
    <message>
        <source>Not asked.</source>
        <translation>未查询。</translation>
    </message>
    <message>
        <source>{0} · asked at {1}</source>
        <translation>{0} · 查询于 {1}</translation>
    </message>
    <message>
        <source>updated {0}</source>
        <translation>更新于 {0}</translation>
    </message>
    <message>
        <source>Inspect failed: {0}</source>
        <translation>inspect 失败：{0}</translation>
    </message>
    <message>
        <source>No worker selected</source>
        <translation>未选择工作进程</translation>
    </message>
    <message>
        <source>Select a worker to see what it is doing.</source>
        <translation>选择一个工作进程，查看它在做什么。</translation>
    </message>
</context>
<context>
    <name>WorkerJournal</name>
    <message numerus="yes">
        <source>%Ln earlier</source>
        <translation>
            <numerusform>更早 %Ln 段</numerusform>
        </translation>
    </message>
    <message>
        <source>Seen: {0}</source>
        <translation>出现时段：{0}</translation>
    </message>
    <message>
        <source>Not seen since {0} (said goodbye)</source>
        <translation>自 {0} 起未再出现（已主动下线）</translation>
    </message>
    <message>
        <source>Not seen since {0} (no heartbeat)</source>
        <translation>自 {0} 起未再出现（无心跳）</translation>
    </message>
</context>
<context>
    <name>WorkerTableModel</name>
    <message>
        <source>Known from the journal: not heard since connecting</source>
        <translation>来自任务日志：连接以来未收到它的消息</translation>
    </message>
    <message>
        <source>not seen</source>
        <translation>未出现</translation>
    </message>
    <message>
        <source>online</source>
        <translation>在线</translation>
    </message>
    <message>
        <source>offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <source>Load average over 1, 5 and 15 minutes</source>
        <translation>1、5、15 分钟的平均负载</translation>
    </message>
    <message>
        <source>{0} {1} on {2}</source>
        <translation>{0} {1}，运行于 {2}</translation>
    </message>
    <message>
        <source>No heartbeat yet; last event at {0}</source>
        <translation>尚无心跳；最近的事件在 {0}</translation>
    </message>
    <message>
        <source>Every {0} s</source>
        <translation>每 {0} 秒一次</translation>
    </message>
    <message>
        <source>Clock offset: {0}</source>
        <translation>时钟偏差：{0}</translation>
    </message>
    <message>
        <source>No heartbeat yet: the outcomes seen so far</source>
        <translation>尚无心跳：这里是目前收到的执行结果</translation>
    </message>
    <message>
        <source>Processed {0} = active {1} + succeeded {2} + failed {3} + retried {4} + revoked {5} + unseen {6}</source>
        <translation>已处理 {0} = 运行中 {1} + 成功 {2} + 失败 {3} + 重试 {4} + 撤销 {5} + 未观测 {6}</translation>
    </message>
    <message>
        <source>Online, heard from {0}</source>
        <translation>在线，最近消息：{0}</translation>
    </message>
    <message>
        <source>Offline since {0} (said goodbye)</source>
        <translation>自 {0} 起离线（已主动下线）</translation>
    </message>
    <message>
        <source>Offline since {0} (no heartbeat)</source>
        <translation>自 {0} 起离线（没有心跳）</translation>
    </message>
    <message>
        <source>Removed from this list in {0}</source>
        <translation>将在 {0} 后从列表中移除</translation>
    </message>
</context>
<context>
    <name>WorkersPage</name>
    <message>
        <source>Filter by hostname</source>
        <translation>按主机名筛选</translation>
    </message>
    <message>
        <source>Hide offline</source>
        <translation>隐藏离线</translation>
    </message>
    <message numerus="yes">
        <source>%Ln worker</source>
        <translation>
            <numerusform>%Ln 个工作进程</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln workers</source>
        <translation>
            <numerusform>%Ln 个工作进程</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln online</source>
        <translation>
            <numerusform>%Ln 个在线</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln offline</source>
        <translation>
            <numerusform>%Ln 个离线</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln more in the journal</source>
        <translation>
            <numerusform>另有 %Ln 个见于任务日志</numerusform>
        </translation>
    </message>
    <message>
        <source>No worker seen yet. A worker appears with its first heartbeat (workers send one every 2 s).
No worker running? Start one under Processes.</source>
        <translation>还没有发现工作进程。工作进程发出第一次心跳后就会出现在这里（每 2 秒一次）。
没有运行中的工作进程？可在“进程”页启动一个。</translation>
    </message>
</context>
<context>
    <name>_TaskDialog</name>
    <message>
        <source>a registered task name, e.g. proj.tasks.add</source>
        <translation>已注册的任务名，例如 proj.tasks.add</translation>
    </message>
    <message>
        <source>Task type:</source>
        <translation>任务类型：</translation>
    </message>
    <message>
        <source>Choose or type a task type.</source>
        <translation>请选择或输入任务类型。</translation>
    </message>
</context>
</TS>
