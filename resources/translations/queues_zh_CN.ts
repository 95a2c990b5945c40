<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>ActionResult</name>
    <message>
        <source>no reply within {0} s</source>
        <translation>{0} 秒内无应答</translation>
    </message>
    <message>
        <source>ok</source>
        <translation>成功</translation>
    </message>
    <message>
        <source>error</source>
        <translation>出错</translation>
    </message>
    <message>
        <source>no reply</source>
        <translation>无应答</translation>
    </message>
    <message numerus="yes">
        <source>%n ok</source>
        <translation>
            <numerusform>%n 个成功</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n error</source>
        <translation>
            <numerusform>%n 个出错</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n errors</source>
        <translation>
            <numerusform>%n 个出错</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n no reply</source>
        <translation>
            <numerusform>%n 个无应答</numerusform>
        </translation>
    </message>
    <message>
        <source>sent as {0}</source>
        <translation>已发送，任务 ID 为 {0}</translation>
    </message>
    <message>
        <source>done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>, </source>
        <comment>between counts</comment>
        <translation>，</translation>
    </message>
    <message>
        <source>no worker replied within {0} s</source>
        <translation>{0} 秒内没有工作进程应答</translation>
    </message>
</context>
<context>
    <name>Catalog</name>
    <message>
        <source>Cannot list registered tasks: {0}</source>
        <translation>无法列出已注册的任务：{0}</translation>
    </message>
    <message>
        <source>No worker answered within {0} s: type the task name.</source>
        <translation>{0} 秒内没有工作进程应答：请手动输入任务名。</translation>
    </message>
    <message numerus="yes">
        <source>%n worker</source>
        <translation>
            <numerusform>%n 个工作进程</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n workers</source>
        <translation>
            <numerusform>%n 个工作进程</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n registered task on {0}</source>
        <translation>
            <numerusform>{0}上注册了 %n 个任务</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n registered tasks on {0}</source>
        <translation>
            <numerusform>{0}上注册了 %n 个任务</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Control</name>
    <message>
        <source>no task id given</source>
        <translation>未提供任务 ID</translation>
    </message>
    <message>
        <source>unknown signal {0}</source>
        <translation>未知信号 {0}</translation>
    </message>
    <message>
        <source>no task name given</source>
        <translation>未提供任务名</translation>
    </message>
    <message>
        <source>time limits must be positive</source>
        <translation>时间限制必须为正数</translation>
    </message>
    <message>
        <source>the soft limit must not exceed the hard limit</source>
        <translation>软限制不能超过硬限制</translation>
    </message>
    <message>
        <source>need 0 &lt;= min &lt;= max and max &gt;= 1 (got min={0}, max={1})</source>
        <translation>要求 0 &lt;= min &lt;= max 且 max &gt;= 1（当前 min={0}，max={1}）</translation>
    </message>
    <message>
        <source>all workers</source>
        <translation>所有工作进程</translation>
    </message>
    <message>
        <source>shutdown sent (workers exit without replying to it)</source>
        <translation>已发送 shutdown（工作进程会直接退出，不作应答）</translation>
    </message>
    <message>
        <source>n must be a positive integer, not {0}</source>
        <translation>n 必须是正整数，而不是 {0}</translation>
    </message>
    <message>
        <source>no queue name given</source>
        <translation>未提供队列名</translation>
    </message>
    <message>
        <source>cannot reach the broker: {0}</source>
        <translation>无法连接消息代理：{0}</translation>
    </message>
    <message>
        <source>args must be a list, not {0}</source>
        <translation>args 必须是列表，而不是 {0}</translation>
    </message>
    <message>
        <source>kwargs must be an object, not {0}</source>
        <translation>kwargs 必须是对象，而不是 {0}</translation>
    </message>
    <message>
        <source>unknown option(s) {0} (allowed: {1})</source>
        <translation>未知选项 {0}（允许的选项：{1}）</translation>
    </message>
    <message>
        <source>priority must be an integer from 0 to 255, not {0}</source>
        <translation>priority 必须是 0 到 255 之间的整数，而不是 {0}</translation>
    </message>
    <message>
        <source>{0} must be a number of seconds, not {1}</source>
        <translation>{0} 必须是秒数，而不是 {1}</translation>
    </message>
    <message>
        <source>eta must be an ISO 8601 date and time, not {0}</source>
        <translation>eta 必须是 ISO 8601 日期时间，而不是 {0}</translation>
    </message>
    <message>
        <source>headers must be an object</source>
        <translation>headers 必须是对象</translation>
    </message>
</context>
<context>
    <name>ControlAction</name>
    <message>
        <source>Revoke</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Terminate</source>
        <translation>终止</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>重试</translation>
    </message>
    <message>
        <source>Send task</source>
        <translation>发送任务</translation>
    </message>
    <message>
        <source>Set rate limit</source>
        <translation>设置速率限制</translation>
    </message>
    <message>
        <source>Set time limits</source>
        <translation>设置时间限制</translation>
    </message>
    <message>
        <source>Grow pool</source>
        <translation>扩大进程池</translation>
    </message>
    <message>
        <source>Shrink pool</source>
        <translation>缩小进程池</translation>
    </message>
    <message>
        <source>Autoscale</source>
        <translation>自动伸缩</translation>
    </message>
    <message>
        <source>Add consumer</source>
        <translation>添加消费者</translation>
    </message>
    <message>
        <source>Cancel consumer</source>
        <translation>取消消费者</translation>
    </message>
    <message>
        <source>Restart pool</source>
        <translation>重启进程池</translation>
    </message>
    <message>
        <source>Shut down</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Purge queue</source>
        <translation>清空队列</translation>
    </message>
    <message>
        <source>Delete message</source>
        <translation>删除消息</translation>
    </message>
</context>
<context>
    <name>ControlGate</name>
    <message>
        <source>Profile &apos;{0}&apos; is read-only: actions are disabled</source>
        <translation>配置档 &apos;{0}&apos; 为只读：操作已禁用</translation>
    </message>
</context>
<context>
    <name>MessageEnvelope</name>
    <message>
        <source>body is {0}; only JSON bodies are decoded</source>
        <translation>消息体为 {0}；只解码 JSON 消息体</translation>
    </message>
    <message>
        <source>body is of unknown type; only JSON bodies are decoded</source>
        <translation>消息体类型未知；只解码 JSON 消息体</translation>
    </message>
    <message>
        <source>body does not decode: {0}</source>
        <translation>消息体无法解码：{0}</translation>
    </message>
    <message>
        <source>not a kombu JSON message</source>
        <translation>不是 kombu JSON 消息</translation>
    </message>
</context>
<context>
    <name>Originals</name>
    <message>
        <source>broker: {0}</source>
        <translation>消息代理：{0}</translation>
    </message>
    <message>
        <source>result backend: {0}</source>
        <translation>结果后端：{0}</translation>
    </message>
    <message>
        <source>Full arguments from the result backend (result_extended)</source>
        <translation>完整参数取自结果后端（result_extended）</translation>
    </message>
    <message>
        <source>Full arguments from the message waiting in queue &apos;{0}&apos;</source>
        <translation>完整参数取自队列 &apos;{0}&apos; 中等待的消息</translation>
    </message>
    <message>
        <source>Full arguments from the message in flight (unacked) from queue &apos;{0}&apos;</source>
        <translation>完整参数取自队列 &apos;{0}&apos; 中处理中（未确认）的消息</translation>
    </message>
    <message>
        <source>The task&apos;s arguments were not found anywhere: enter them to retry</source>
        <translation>到处都找不到该任务的参数：请填写参数后重试</translation>
    </message>
    <message>
        <source>Only the event stream&apos;s argument reprs were found (no result_extended, message no longer in the broker); they look complete, check them</source>
        <translation>只找到事件流里的参数 repr（没有 result_extended，消息也已不在消息代理中）；看起来是完整的，请核对</translation>
    </message>
    <message>
        <source>Only the event stream&apos;s argument reprs were found (no result_extended, message no longer in the broker); they are cut or not literal: edit them</source>
        <translation>只找到事件流里的参数 repr（没有 result_extended，消息也已不在消息代理中）；它们被截断或不是字面量：请修改</translation>
    </message>
</context>
<context>
    <name>PeekPanel</name>
    <message>
        <source>Select a queue to see its first messages</source>
        <translation>选择一个队列，查看排在最前面的消息</translation>
    </message>
    <message>
        <source>Show </source>
        <translation>显示 </translation>
    </message>
    <message>
        <source>How many of the queue&apos;s first messages to show</source>
        <translation>显示队列最前面的多少条消息</translation>
    </message>
    <message>
        <source>Delete message…</source>
        <translation>删除消息…</translation>
    </message>
    <message>
        <source>Purge queue…</source>
        <translation>清空队列…</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>优先级</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>Task id</source>
        <translation>任务 ID</translation>
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
        <source>ETA</source>
        <translation>ETA</translation>
    </message>
    <message>
        <source>Retries</source>
        <translation>重试次数</translation>
    </message>
    <message>
        <source>Cannot read &apos;{0}&apos;: {1}</source>
        <translation>无法读取 &apos;{0}&apos;：{1}</translation>
    </message>
    <message>
        <source>&lt;b&gt;{0}&lt;/b&gt;: {1} waiting · showing the first {2}</source>
        <translation>&lt;b&gt;{0}&lt;/b&gt;：{1} 条等待中 · 显示前 {2} 条</translation>
    </message>
    <message>
        <source>Delete the selected message from the queue</source>
        <translation>从队列中删除选中的消息</translation>
    </message>
    <message>
        <source>Delete every waiting message of this queue</source>
        <translation>删除该队列中所有等待的消息</translation>
    </message>
</context>
<context>
    <name>QueueBroker</name>
    <message>
        <source>the queue inspector is closed</source>
        <translation>队列检查器已关闭</translation>
    </message>
    <message>
        <source>The Queues view needs a Redis broker; this one is {0}</source>
        <translation>“队列”页面需要 Redis 消息代理；当前的是 {0}</translation>
    </message>
    <message>
        <source>cannot reach the broker: {0}</source>
        <translation>无法连接消息代理：{0}</translation>
    </message>
</context>
<context>
    <name>QueueResult</name>
    <message>
        <source>Purge of &apos;{0}&apos; failed: {1}</source>
        <translation>清空 &apos;{0}&apos; 失败：{1}</translation>
    </message>
    <message numerus="yes">
        <source>Purged %n message from &apos;{0}&apos;</source>
        <translation>
            <numerusform>已从 &apos;{0}&apos; 清空 %n 条消息</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Purged %n messages from &apos;{0}&apos;</source>
        <translation>
            <numerusform>已从 &apos;{0}&apos; 清空 %n 条消息</numerusform>
        </translation>
    </message>
    <message>
        <source>Deleting message {0} failed: {1}</source>
        <translation>删除消息 {0} 失败：{1}</translation>
    </message>
    <message>
        <source>Deleted message {0} from &apos;{1}&apos;</source>
        <translation>已从 &apos;{1}&apos; 删除消息 {0}</translation>
    </message>
    <message>
        <source>Message {0} is no longer waiting in &apos;{1}&apos; (a worker took it?)</source>
        <translation>消息 {0} 已不在 &apos;{1}&apos; 中等待（可能已被工作进程取走）</translation>
    </message>
</context>
<context>
    <name>QueueTable</name>
    <message>
        <source>lower bound: the time Celery Desk first saw this message (Celery messages carry no publish time)</source>
        <translation>下限：Celery Desk 首次看到该消息的时间（Celery 消息不带发布时间）</translation>
    </message>
    <message>
        <source>from the task&apos;s task-sent event</source>
        <translation>取自任务的 task-sent 事件</translation>
    </message>
    <message>
        <source>from the message&apos;s timestamp</source>
        <translation>取自消息的 timestamp</translation>
    </message>
    <message>
        <source>{0} s</source>
        <comment>seconds</comment>
        <translation>{0} 秒</translation>
    </message>
    <message>
        <source>Queue</source>
        <translation>队列</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>总数</translation>
    </message>
    <message>
        <source>Consumers</source>
        <translation>消费者</translation>
    </message>
    <message>
        <source>In flight</source>
        <translation>处理中</translation>
    </message>
    <message>
        <source>Oldest waiting</source>
        <translation>最久等待</translation>
    </message>
    <message>
        <source>Flags</source>
        <translation>标记</translation>
    </message>
    <message>
        <source>no consumer</source>
        <translation>无消费者</translation>
    </message>
    <message>
        <source>Messages waiting at priority level {0} (0 is taken first)</source>
        <translation>优先级 {0} 上等待的消息（0 最先被取走）</translation>
    </message>
    <message>
        <source>The workers&apos; active queues are not known yet</source>
        <translation>尚不清楚工作进程在消费哪些队列</translation>
    </message>
    <message>
        <source>No worker consumes this queue</source>
        <translation>没有工作进程消费该队列</translation>
    </message>
    <message>
        <source>{0}
found in: {1}</source>
        <translation>{0}
发现于：{1}</translation>
    </message>
    <message>
        <source>Age of the oldest waiting message: {0}</source>
        <translation>最久等待消息的等待时长：{0}</translation>
    </message>
    <message>
        <source>Delivered to a worker and not acknowledged yet (the unacked hash)</source>
        <translation>已投递给工作进程但尚未确认（unacked 哈希）</translation>
    </message>
    <message>
        <source>No worker consumes this queue: its messages wait until one does</source>
        <translation>没有工作进程消费该队列：消息会一直等待，直到有工作进程消费它</translation>
    </message>
</context>
<context>
    <name>QueuesPage</name>
    <message>
        <source>Not connected to a broker</source>
        <translation>未连接消息代理</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Refresh now (F5)</source>
        <translation>立即刷新（F5）</translation>
    </message>
    <message>
        <source>Audit log…</source>
        <translation>审计日志…</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>正在连接…</translation>
    </message>
    <message>
        <source>Refresh failed: {0}</source>
        <translation>刷新失败：{0}</translation>
    </message>
    <message>
        <source>Cannot read the queues: {0}</source>
        <translation>无法读取队列：{0}</translation>
    </message>
    <message numerus="yes">
        <source>%n queue</source>
        <translation>
            <numerusform>%n 个队列</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n queues</source>
        <translation>
            <numerusform>%n 个队列</numerusform>
        </translation>
    </message>
    <message>
        <source>{queues} · {waiting} waiting · {in_flight} in flight · priority levels {levels} · updated {time}</source>
        <translation>{queues} · {waiting} 条等待 · {in_flight} 条处理中 · 优先级 {levels} · 更新于 {time}</translation>
    </message>
    <message numerus="yes">
        <source>Purge %Ln message from &apos;{0}&apos;?</source>
        <translation>
            <numerusform>要从 &apos;{0}&apos; 清空 %Ln 条消息吗？</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Purge %Ln messages from &apos;{0}&apos;?</source>
        <translation>
            <numerusform>要从 &apos;{0}&apos; 清空 %Ln 条消息吗？</numerusform>
        </translation>
    </message>
    <message>
        <source>Every priority level of the queue is emptied; this cannot be undone. Messages in flight ({0}) are not touched.</source>
        <translation>该队列的所有优先级都会被清空，且无法撤销。处理中的消息（{0} 条）不受影响。</translation>
    </message>
    <message>
        <source>Delete {0} [{1}] from &apos;{2}&apos;?</source>
        <translation>要从 &apos;{2}&apos; 删除 {0} [{1}] 吗？</translation>
    </message>
    <message>
        <source>Delete message [{0}] from &apos;{1}&apos;?</source>
        <translation>要从 &apos;{1}&apos; 删除消息 [{0}] 吗？</translation>
    </message>
    <message>
        <source>The message is removed from the queue and will never run.</source>
        <translation>该消息会从队列中移除，永远不会执行。</translation>
    </message>
    <message>
        <source>{0}…</source>
        <translation>{0}…</translation>
    </message>
    <message>
        <source>The action failed: {0}</source>
        <translation>操作失败：{0}</translation>
    </message>
</context>
<context>
    <name>SendForm</name>
    <message>
        <source>{0} is not valid JSON: {1} (line {2}, column {3})</source>
        <translation>{0} 不是有效的 JSON：{1}（第 {2} 行，第 {3} 列）</translation>
    </message>
    <message>
        <source>args must be a JSON list like [2, 3], not {0}</source>
        <translation>args 必须是 JSON 列表（如 [2, 3]），而不是{0}</translation>
    </message>
    <message>
        <source>kwargs must be a JSON object like {1}, not {0}</source>
        <translation>kwargs 必须是 JSON 对象（如 {1}），而不是{0}</translation>
    </message>
    <message>
        <source>{0} must be an ISO date and time like {1}, not {2}</source>
        <translation>{0} 必须是 ISO 日期时间（如 {1}），而不是 {2}</translation>
    </message>
    <message>
        <source>expires must be a positive number of seconds, not {0}</source>
        <translation>expires 必须是正的秒数，而不是 {0}</translation>
    </message>
    <message>
        <source>an object</source>
        <translation>对象</translation>
    </message>
    <message>
        <source>a list</source>
        <translation>列表</translation>
    </message>
    <message>
        <source>a string</source>
        <translation>字符串</translation>
    </message>
    <message>
        <source>a boolean</source>
        <translation>布尔值</translation>
    </message>
    <message>
        <source>a number</source>
        <translation>数字</translation>
    </message>
</context>
</TS>
