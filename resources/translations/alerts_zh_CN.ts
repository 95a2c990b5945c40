<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>AlertCenter</name>
    <message>
        <source>{0}: {1}</source>
        <translation>{0}：{1}</translation>
    </message>
    <message>
        <source>Test message from Celery Desk</source>
        <translation>来自 Celery Desk 的测试消息</translation>
    </message>
    <message>
        <source>Rule {0}: webhooks reach this chat.</source>
        <translation>规则 {0}：Webhook 能送达这个群。</translation>
    </message>
</context>
<context>
    <name>AlertNotification</name>
    <message>
        <source>Resolved: {0}</source>
        <translation>已恢复：{0}</translation>
    </message>
    <message numerus="yes">
        <source>Resolved: {0} (%n alerts)</source>
        <translation>
            <numerusform>已恢复：{0}（%n 条告警）</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{0}: %n alerts</source>
        <translation>
            <numerusform>{0}：%n 条告警</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>and %n more</source>
        <translation>
            <numerusform>另有 %n 条</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n alerts changed</source>
        <translation>
            <numerusform>%n 条告警有变化</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>AlertRules</name>
    <message>
        <source>Task failure rate</source>
        <translation>任务失败率</translation>
    </message>
    <message>
        <source>Queue backlog</source>
        <translation>队列积压</translation>
    </message>
    <message>
        <source>Message waiting too long</source>
        <translation>消息等待过久</translation>
    </message>
    <message>
        <source>Worker offline</source>
        <translation>工作进程离线</translation>
    </message>
    <message>
        <source>No beat running the schedule</source>
        <translation>没有定时调度器运行调度文件</translation>
    </message>
    <message>
        <source>Schedule file rejected</source>
        <translation>调度文件被拒绝</translation>
    </message>
    <message>
        <source>Schedule entry missed or late</source>
        <translation>定时任务错过或延迟</translation>
    </message>
    <message>
        <source>Task running too long</source>
        <translation>任务运行过久</translation>
    </message>
    <message>
        <source>Events lost</source>
        <translation>事件丢失</translation>
    </message>
    <message>
        <source>Worker sends no task events</source>
        <translation>工作进程不发送任务事件</translation>
    </message>
    <message>
        <source>Broker unreachable</source>
        <translation>无法连接消息代理</translation>
    </message>
</context>
<context>
    <name>AlertTable</name>
    <message>
        <source>Severity</source>
        <translation>级别</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>规则</translation>
    </message>
    <message>
        <source>About</source>
        <translation>对象</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Fired</source>
        <translation>触发时间</translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation>恢复时间</translation>
    </message>
    <message>
        <source>info</source>
        <translation>提示</translation>
    </message>
    <message>
        <source>warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <source>critical</source>
        <translation>严重</translation>
    </message>
    <message>
        <source>firing</source>
        <translation>告警中</translation>
    </message>
    <message>
        <source>resolved</source>
        <translation>已恢复</translation>
    </message>
    <message>
        <source>, acknowledged</source>
        <translation>，已确认</translation>
    </message>
</context>
<context>
    <name>AlertText</name>
    <message>
        <source>{0} s</source>
        <translation>{0} 秒</translation>
    </message>
    <message>
        <source>{0} min {1} s</source>
        <translation>{0} 分 {1} 秒</translation>
    </message>
    <message>
        <source>{0} min</source>
        <translation>{0} 分钟</translation>
    </message>
    <message>
        <source>{0} h {1} min</source>
        <translation>{0} 小时 {1} 分</translation>
    </message>
    <message>
        <source>{0} h</source>
        <translation>{0} 小时</translation>
    </message>
    <message>
        <source>{0} d {1} h</source>
        <translation>{0} 天 {1} 小时</translation>
    </message>
    <message>
        <source>{0} d</source>
        <translation>{0} 天</translation>
    </message>
    <message>
        <source>{0} %</source>
        <translation>{0}%</translation>
    </message>
</context>
<context>
    <name>AlertWebhook</name>
    <message>
        <source>resolved</source>
        <translation>已恢复</translation>
    </message>
    <message>
        <source>info</source>
        <translation>提示</translation>
    </message>
    <message>
        <source>warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <source>critical</source>
        <translation>严重</translation>
    </message>
    <message>
        <source>Celery Desk · profile {0} · {1}</source>
        <translation>Celery Desk · 配置档 {0} · {1}</translation>
    </message>
</context>
<context>
    <name>AlertWhy</name>
    <message>
        <source>all tasks</source>
        <translation>所有任务</translation>
    </message>
    <message>
        <source>{0}: {1} of {2} finished failed ({3}) in the last {4}</source>
        <translation>{0}：最近 {4}内完成的 {2} 个中失败 {1} 个（{3}）</translation>
    </message>
    <message>
        <source>; too few to judge (minimum {0})</source>
        <translation>；数量太少，无法判断（至少需要 {0} 个）</translation>
    </message>
    <message>
        <source>limit {0}</source>
        <translation>上限 {0}</translation>
    </message>
    <message>
        <source>the oldest for {0}</source>
        <translation>最早的已等待 {0}</translation>
    </message>
    <message>
        <source>no worker consumes it</source>
        <translation>没有工作进程消费它</translation>
    </message>
    <message>
        <source>; </source>
        <translation>；</translation>
    </message>
    <message>
        <source>{0}: no event for {1} and no answer to a ping (grace {2})</source>
        <translation>{0}：{1}内没有事件，ping 也无应答（宽限 {2}）</translation>
    </message>
    <message>
        <source>{0}: last event {1} ago (grace {2})</source>
        <translation>{0}：最后一个事件在 {1}前（宽限 {2}）</translation>
    </message>
    <message numerus="yes">
        <source>{0}: %Ln message waiting</source>
        <translation>
            <numerusform>{0}：%Ln 条消息在等待</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{0}: %Ln messages waiting</source>
        <translation>
            <numerusform>{0}：%Ln 条消息在等待</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>no beat runs {0} (%Ln enabled entry)</source>
        <translation>
            <numerusform>没有定时调度器运行 {0}（%Ln 个已启用的定时任务）</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>no beat runs {0} (%Ln enabled entries)</source>
        <translation>
            <numerusform>没有定时调度器运行 {0}（%Ln 个已启用的定时任务）</numerusform>
        </translation>
    </message>
    <message>
        <source>beat {0} runs {1}</source>
        <translation>定时调度器 {0} 正在运行 {1}</translation>
    </message>
    <message>
        <source>the schedule file is valid</source>
        <translation>调度文件有效</translation>
    </message>
    <message>
        <source>beat rejected {0}: {1}; it keeps running revision {2}</source>
        <translation>定时调度器拒绝了 {0}：{1}；仍在运行第 {2} 版</translation>
    </message>
    <message>
        <source>{0} was due {1} ago and has not been sent</source>
        <translation>{0} 已到期 {1}，仍未发出</translation>
    </message>
    <message>
        <source>{0} was sent {1} after its due time (tolerance {2})</source>
        <translation>{0} 在到期后 {1}才发出（容差 {2}）</translation>
    </message>
    <message>
        <source>{0}× its p99 of {1}</source>
        <translation>超过其 p99（{1}）的 {0} 倍</translation>
    </message>
    <message>
        <source>{0} [{1}] running for {2} on {3}: {4}</source>
        <translation>{0} [{1}] 已在 {3} 上运行 {2}：{4}</translation>
    </message>
    <message>
        <source>{0} runs tasks but sends no task events</source>
        <translation>{0} 在运行任务，但不发送任务事件</translation>
    </message>
    <message numerus="yes">
        <source>%Ln gap in the event stream in the last {0}; events lost: {1}</source>
        <translation>
            <numerusform>最近 {0}内事件流中断 %Ln 次，丢失事件：{1}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln gaps in the event stream in the last {0}; events lost: {1}</source>
        <translation>
            <numerusform>最近 {0}内事件流中断 %Ln 次，丢失事件：{1}</numerusform>
        </translation>
    </message>
    <message>
        <source>cannot reach the broker: {0}</source>
        <translation>无法连接消息代理：{0}</translation>
    </message>
    <message>
        <source>broker: {0}</source>
        <translation>消息代理：{0}</translation>
    </message>
</context>
<context>
    <name>AlertsPage</name>
    <message>
        <source>Alerts</source>
        <translation>告警</translation>
    </message>
    <message>
        <source>Show the failed tasks</source>
        <translation>查看失败的任务</translation>
    </message>
    <message>
        <source>Show the failed {0} tasks</source>
        <translation>查看失败的 {0} 任务</translation>
    </message>
    <message>
        <source>Show the task {0}</source>
        <translation>查看任务 {0}</translation>
    </message>
    <message>
        <source>Show the worker {0}</source>
        <translation>查看工作进程 {0}</translation>
    </message>
    <message>
        <source>Show the queue {0}</source>
        <translation>查看队列 {0}</translation>
    </message>
    <message>
        <source>Show the schedule</source>
        <translation>查看调度</translation>
    </message>
    <message>
        <source>Show the schedule entry {0}</source>
        <translation>查看定时任务 {0}</translation>
    </message>
    <message>
        <source>Show the dashboard</source>
        <translation>查看仪表盘</translation>
    </message>
    <message>
        <source>Acknowledge</source>
        <translation>确认</translation>
    </message>
    <message>
        <source>Snooze rule</source>
        <translation>暂停规则通知</translation>
    </message>
    <message>
        <source>For {0}</source>
        <translation>{0}</translation>
    </message>
    <message>
        <source>Wake up</source>
        <translation>恢复通知</translation>
    </message>
    <message>
        <source>Mute rule</source>
        <translation>静音规则</translation>
    </message>
    <message>
        <source>Rules</source>
        <translation>规则</translation>
    </message>
    <message numerus="yes">
        <source>%n firing</source>
        <translation>
            <numerusform>%n 条告警中</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n resolved</source>
        <translation>
            <numerusform>%n 条已恢复</numerusform>
        </translation>
    </message>
    <message>
        <source>No alert has fired yet. The Rules tab says what is watched.</source>
        <translation>还没有告警触发。“规则”页列出了监视的内容。</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>查看</translation>
    </message>
    <message>
        <source>Fired {0}: {1}</source>
        <translation>触发于 {0}：{1}</translation>
    </message>
    <message>
        <source>Now: {0}</source>
        <translation>现在：{0}</translation>
    </message>
    <message>
        <source>Resolved {0}: {1}</source>
        <translation>恢复于 {0}：{1}</translation>
    </message>
    <message>
        <source>Acknowledged {0}</source>
        <translation>确认于 {0}</translation>
    </message>
    <message>
        <source>Not notified (muted, snoozed, or notified within the cooldown).</source>
        <translation>未通知（已静音、已暂停，或在冷却时间内已通知过）。</translation>
    </message>
</context>
<context>
    <name>CloseToTray</name>
    <message>
        <source>Celery Desk keeps running</source>
        <translation>Celery Desk 仍在运行</translation>
    </message>
    <message>
        <source>Closing the window keeps Celery Desk running in the tray: it goes on listening to events and tells you when an alert fires.</source>
        <translation>关闭窗口后，Celery Desk 仍在托盘中运行：继续接收事件，并在告警触发时通知你。</translation>
    </message>
    <message>
        <source>Quit from the tray icon&apos;s menu or with File &gt; Quit.</source>
        <translation>要退出，请使用托盘图标的菜单，或“文件 &gt; 退出”。</translation>
    </message>
    <message>
        <source>Keep running in the tray</source>
        <translation>在托盘中继续运行</translation>
    </message>
    <message>
        <source>Quit when the window closes</source>
        <translation>关闭窗口时退出</translation>
    </message>
</context>
<context>
    <name>RuleFeedback</name>
    <message>
        <source>This rule is off.</source>
        <translation>此规则已关闭。</translation>
    </message>
    <message>
        <source>Cannot tell now: what this rule reads is not known yet (not connected, or not read yet).</source>
        <translation>暂时无法判断：此规则需要的数据还未知（未连接，或尚未读取）。</translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;Would fire now&lt;/b&gt; for %n subject</source>
        <translation>
            <numerusform>&lt;b&gt;现在会触发&lt;/b&gt;，涉及 %n 个对象</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;Would fire now&lt;/b&gt; for %n subjects</source>
        <translation>
            <numerusform>&lt;b&gt;现在会触发&lt;/b&gt;，涉及 %n 个对象</numerusform>
        </translation>
    </message>
    <message>
        <source>, once held for {0}</source>
        <translation>，持续 {0}后</translation>
    </message>
    <message numerus="yes">
        <source>and %n more</source>
        <translation>
            <numerusform>另有 %n 个</numerusform>
        </translation>
    </message>
    <message>
        <source>{0}:</source>
        <translation>{0}：</translation>
    </message>
    <message>
        <source>Would not fire now: nothing it watches has been seen yet.</source>
        <translation>现在不会触发：还没有看到它监视的对象。</translation>
    </message>
    <message>
        <source>Would not fire now.</source>
        <translation>现在不会触发。</translation>
    </message>
    <message>
        <source>Closest: {0}</source>
        <translation>最接近的：{0}</translation>
    </message>
</context>
<context>
    <name>RuleForm</name>
    <message>
        <source>Condition</source>
        <translation>条件</translation>
    </message>
    <message>
        <source>Save rule</source>
        <translation>保存规则</translation>
    </message>
    <message>
        <source>Revert</source>
        <translation>还原</translation>
    </message>
    <message>
        <source>Enabled</source>
        <translation>启用</translation>
    </message>
    <message>
        <source>Info</source>
        <translation>提示</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <source>Critical</source>
        <translation>严重</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source> min</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <source>* (everything), or e.g. proj.billing.*</source>
        <translation>*（全部），或如 proj.billing.*</translation>
    </message>
    <message>
        <source>nothing</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Desktop notification</source>
        <translation>桌面通知</translation>
    </message>
    <message>
        <source>Muted</source>
        <translation>静音</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>级别</translation>
    </message>
    <message>
        <source>Hold for</source>
        <translation>持续时间</translation>
    </message>
    <message>
        <source>Notify again after</source>
        <translation>再次通知间隔</translation>
    </message>
    <message>
        <source>Watch names</source>
        <translation>监视的名称</translation>
    </message>
    <message>
        <source>Except</source>
        <translation>排除</translation>
    </message>
    <message>
        <source>Chat webhook</source>
        <translation>群聊 Webhook</translation>
    </message>
    <message>
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Slack</source>
        <translation>Slack</translation>
    </message>
    <message>
        <source>DingTalk</source>
        <translation>钉钉</translation>
    </message>
    <message>
        <source>Feishu / Lark</source>
        <translation>飞书 / Lark</translation>
    </message>
    <message>
        <source>WeCom</source>
        <translation>企业微信</translation>
    </message>
    <message>
        <source>The robot&apos;s webhook address</source>
        <translation>机器人的 Webhook 地址</translation>
    </message>
    <message>
        <source>Signing secret (DingTalk, Feishu)</source>
        <translation>加签密钥（钉钉、飞书）</translation>
    </message>
    <message>
        <source>Also when resolved</source>
        <translation>恢复时也发送</translation>
    </message>
    <message>
        <source>Send test</source>
        <translation>发送测试</translation>
    </message>
    <message>
        <source>Send to</source>
        <translation>发送到</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Secret</source>
        <translation>密钥</translation>
    </message>
    <message>
        <source>Snoozed until {0}</source>
        <translation>通知暂停到 {0}</translation>
    </message>
    <message>
        <source>No address saved in the keychain yet.</source>
        <translation>钥匙串中还没有保存地址。</translation>
    </message>
    <message>
        <source>Choose a chat tool and give its address first.</source>
        <translation>请先选择聊天工具并填写地址。</translation>
    </message>
    <message>
        <source>Sending a test message…</source>
        <translation>正在发送测试消息…</translation>
    </message>
    <message>
        <source>Delivered: {0}</source>
        <translation>已送达：{0}</translation>
    </message>
    <message numerus="yes">
        <source>Not delivered after %n attempt: {0}</source>
        <translation>
            <numerusform>尝试 %n 次后仍未送达：{0}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Not delivered after %n attempts: {0}</source>
        <translation>
            <numerusform>尝试 %n 次后仍未送达：{0}</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RuleParams</name>
    <message>
        <source>off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source> min</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>Fires while the broker cannot be reached.</source>
        <translation>无法连接消息代理时触发。</translation>
    </message>
    <message>
        <source>One alert per task name</source>
        <translation>每个任务名称单独告警</translation>
    </message>
    <message>
        <source>Failure rate above</source>
        <translation>失败率高于</translation>
    </message>
    <message>
        <source>Over the last</source>
        <translation>统计时长</translation>
    </message>
    <message>
        <source>At least this many finished</source>
        <translation>至少完成的任务数</translation>
    </message>
    <message>
        <source>Messages waiting above</source>
        <translation>等待消息数高于</translation>
    </message>
    <message>
        <source>Oldest waiting longer than</source>
        <translation>最早消息等待超过</translation>
    </message>
    <message>
        <source>e.g. celery@autoscale-*</source>
        <translation>如 celery@autoscale-*</translation>
    </message>
    <message>
        <source>Alert for those workers too</source>
        <translation>这些工作进程也告警</translation>
    </message>
    <message>
        <source>Silent for longer than</source>
        <translation>静默超过</translation>
    </message>
    <message>
        <source>Workers that come and go</source>
        <translation>时有时无的工作进程</translation>
    </message>
    <message>
        <source>No beat runs the schedule file</source>
        <translation>没有定时调度器运行调度文件</translation>
    </message>
    <message>
        <source>Beat rejected the file</source>
        <translation>定时调度器拒绝了文件</translation>
    </message>
    <message>
        <source>An entry missed its run or ran late</source>
        <translation>定时任务错过或延迟运行</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Late by more than</source>
        <translation>延迟超过</translation>
    </message>
    <message>
        <source>Running longer than</source>
        <translation>运行超过</translation>
    </message>
    <message>
        <source>Or longer than</source>
        <translation>或超过</translation>
    </message>
    <message>
        <source>Given runtimes at least</source>
        <translation>已有运行时长样本至少</translation>
    </message>
    <message>
        <source>And never under</source>
        <translation>且不低于</translation>
    </message>
    <message>
        <source>Events lost</source>
        <translation>事件丢失</translation>
    </message>
    <message>
        <source>A worker sends no task events</source>
        <translation>工作进程不发送任务事件</translation>
    </message>
    <message>
        <source>Lost in the last</source>
        <translation>统计时长</translation>
    </message>
</context>
<context>
    <name>RulesPanel</name>
    <message>
        <source>Failure rate</source>
        <translation>失败率</translation>
    </message>
    <message>
        <source>Queue backlog</source>
        <translation>队列积压</translation>
    </message>
    <message>
        <source>Worker offline</source>
        <translation>工作进程离线</translation>
    </message>
    <message>
        <source>Beat problem</source>
        <translation>定时调度器问题</translation>
    </message>
    <message>
        <source>Task running too long</source>
        <translation>任务运行过久</translation>
    </message>
    <message>
        <source>Event stream problem</source>
        <translation>事件流问题</translation>
    </message>
    <message>
        <source>Broker unreachable</source>
        <translation>无法连接消息代理</translation>
    </message>
    <message>
        <source>New rule</source>
        <translation>新建规则</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Defaults</source>
        <translation>恢复默认</translation>
    </message>
    <message>
        <source>Put this built-in rule back as it shipped</source>
        <translation>将此内置规则恢复为出厂设置</translation>
    </message>
    <message>
        <source>Closing the window keeps it in the tray</source>
        <translation>关闭窗口后保留在托盘中</translation>
    </message>
    <message>
        <source>{0} (off)</source>
        <translation>{0}（已关闭）</translation>
    </message>
    <message>
        <source>{0} (silenced)</source>
        <translation>{0}（已静音）</translation>
    </message>
</context>
<context>
    <name>Tray</name>
    <message>
        <source>{0}: not connected ({1})</source>
        <translation>{0}：未连接（{1}）</translation>
    </message>
    <message>
        <source>{0}: {1}</source>
        <translation>{0}：{1}</translation>
    </message>
    <message numerus="yes">
        <source>{0}: %n warning</source>
        <translation>
            <numerusform>{0}：%n 条警告</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{0}: %n warnings</source>
        <translation>
            <numerusform>{0}：%n 条警告</numerusform>
        </translation>
    </message>
    <message>
        <source>{0}: all well</source>
        <translation>{0}：一切正常</translation>
    </message>
    <message numerus="yes">
        <source>%n alert firing</source>
        <translation>
            <numerusform>%n 条告警</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n alerts firing</source>
        <translation>
            <numerusform>%n 条告警</numerusform>
        </translation>
    </message>
    <message>
        <source>Open Celery Desk</source>
        <translation>打开 Celery Desk</translation>
    </message>
    <message numerus="yes">
        <source>%n more on the Alerts page…</source>
        <translation>
            <numerusform>另有 %n 条，见“告警”页…</numerusform>
        </translation>
    </message>
    <message>
        <source>No alerts firing</source>
        <translation>没有告警</translation>
    </message>
    <message>
        <source>Quit Celery Desk</source>
        <translation>退出 Celery Desk</translation>
    </message>
</context>
</TS>
