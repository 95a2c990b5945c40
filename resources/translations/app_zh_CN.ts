<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About Celery Desk</source>
        <translation>关于 Celery Desk</translation>
    </message>
    <message>
        <source>Run, monitor and schedule Celery in one window.</source>
        <translation>在一个窗口里运行、监控和调度 Celery。</translation>
    </message>
    <message>
        <source>Documentation: {0}</source>
        <translation>文档：{0}</translation>
    </message>
    <message>
        <source>Logs: {0}</source>
        <translation>日志目录：{0}</translation>
    </message>
    <message>
        <source>Python {0} · PySide6 {1} · Celery {2}</source>
        <translation>Python {0} · PySide6 {1} · Celery {2}</translation>
    </message>
    <message>
        <source>This installation has no README.</source>
        <translation>此安装中没有 README。</translation>
    </message>
</context>
<context>
    <name>ActionRunner</name>
    <message>
        <source>{0}: {1}?</source>
        <translation>{0}：{1}？</translation>
    </message>
    <message>
        <source>Confirm</source>
        <translation>确认</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <source>no saved profile named &apos;{0}&apos;</source>
        <translation>没有名为“{0}”的已保存配置档</translation>
    </message>
    <message>
        <source>command line</source>
        <translation>命令行</translation>
    </message>
</context>
<context>
    <name>AuditDialog</name>
    <message>
        <source>Audit log</source>
        <translation>审计日志</translation>
    </message>
    <message>
        <source>No actions recorded yet. Every revoke, purge, rate limit, pool change and task sent from this app is listed here, refused ones too.</source>
        <translation>还没有操作记录。本应用执行的每一次撤销、清空、速率限制、进程池调整和任务发送都会记在这里，被拒绝的也会。</translation>
    </message>
    <message>
        <source>Filter: profile, action, task id, worker, reply…</source>
        <translation>筛选：配置档、操作、任务 ID、工作进程、回复…</translation>
    </message>
    <message>
        <source>Log: {0}</source>
        <translation>日志文件：{0}</translation>
    </message>
    <message>
        <source>Reload</source>
        <translation>重新加载</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message numerus="yes">
        <source>%Ln entries, newest first</source>
        <translation>
            <numerusform>共 %Ln 条，最新的在前</numerusform>
        </translation>
    </message>
    <message>
        <source>{0} · {1}</source>
        <translation>{0} · {1}</translation>
    </message>
</context>
<context>
    <name>AuditTableModel</name>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Profile</source>
        <translation>配置档</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Targets</source>
        <translation>对象</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Replies</source>
        <translation>回复</translation>
    </message>
    <message>
        <source>ok</source>
        <translation>成功</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>refused</source>
        <translation>已拒绝</translation>
    </message>
</context>
<context>
    <name>BrokerProbe</name>
    <message>
        <source>Bad broker URL: {0}</source>
        <translation>消息代理 URL 有误：{0}</translation>
    </message>
    <message>
        <source>Connected to {0} ({1})</source>
        <translation>已连接到 {0}（{1}）</translation>
    </message>
    <message>
        <source>TLS handshake failed: {0} — is it a plain redis:// server?</source>
        <translation>TLS 握手失败：{0}。它是不是普通的 redis:// 服务器？</translation>
    </message>
    <message>
        <source>TLS handshake failed: {0}</source>
        <translation>TLS 握手失败：{0}</translation>
    </message>
    <message>
        <source>User &apos;{0}&apos; may not run PING on {1}: {2}</source>
        <translation>用户“{0}”无权在 {1} 上执行 PING：{2}</translation>
    </message>
    <message>
        <source>Database {0} does not exist on {1}</source>
        <translation>{1} 上没有编号为 {0} 的数据库</translation>
    </message>
    <message>
        <source>The broker at {0} is still loading its data; retry</source>
        <translation>{0} 上的消息代理仍在加载数据，请稍后重试</translation>
    </message>
    <message>
        <source>Authentication failed: this server has no ACL users; leave the user name out</source>
        <translation>认证失败：该服务器没有 ACL 用户，请去掉 URL 中的用户名</translation>
    </message>
    <message>
        <source>Authentication required: the URL has a user but no password (a password alone is written {0})</source>
        <translation>需要认证：URL 中有用户名但没有密码（只有密码时写作 {0}）</translation>
    </message>
    <message>
        <source>Authentication required: this broker needs a password</source>
        <translation>需要认证：该消息代理需要密码</translation>
    </message>
    <message>
        <source>Authentication failed: wrong password or user</source>
        <translation>认证失败：密码或用户名错误</translation>
    </message>
    <message>
        <source>TLS handshake failed: no TLS answer from {0} within {1} s — is it a plain redis:// server?</source>
        <translation>TLS 握手失败：{0} 在 {1} 秒内没有 TLS 应答。它是不是普通的 redis:// 服务器？</translation>
    </message>
    <message>
        <source>&apos;{0}&apos; is not a valid host name</source>
        <translation>“{0}”不是有效的主机名</translation>
    </message>
    <message>
        <source>No socket at {0} — is the broker running?</source>
        <translation>{0} 处没有套接字。消息代理在运行吗？</translation>
    </message>
    <message>
        <source>TLS setup failed: a certificate file in the URL is missing</source>
        <translation>TLS 设置失败：URL 中指定的证书文件不存在</translation>
    </message>
    <message>
        <source>memory:// lives inside one process: workers and the app cannot share it</source>
        <translation>memory:// 只存在于单个进程内，工作进程和本应用无法共用</translation>
    </message>
    <message>
        <source>Cannot use {0}://: {1}</source>
        <translation>无法使用 {0}://：{1}</translation>
    </message>
    <message>
        <source>The {0}:// transport needs the Python package &apos;{1}&apos;, which is not installed</source>
        <translation>{0}:// 传输需要 Python 包“{1}”，但它没有安装</translation>
    </message>
    <message>
        <source>{0} broker</source>
        <translation>{0} 消息代理</translation>
    </message>
    <message>
        <source>Timed out after {0} s connecting to {1}</source>
        <translation>连接 {1} 超时（{0} 秒）</translation>
    </message>
    <message>
        <source>Connection refused by {0} — is the broker running?</source>
        <translation>{0} 拒绝连接。消息代理在运行吗？</translation>
    </message>
    <message>
        <source>Cannot find host &apos;{0}&apos; — check the host name</source>
        <translation>找不到主机“{0}”，请检查主机名</translation>
    </message>
    <message>
        <source>Cannot connect to {0}: {1}</source>
        <translation>无法连接到 {0}：{1}</translation>
    </message>
</context>
<context>
    <name>BrokerUrl</name>
    <message>
        <source>the broker URL is empty; it looks like {0}</source>
        <translation>消息代理 URL 为空；格式类似 {0}</translation>
    </message>
    <message>
        <source>the broker URL contains a space; remove it (or percent-encode it)</source>
        <translation>消息代理 URL 中有空格；请删掉（或进行百分号编码）</translation>
    </message>
    <message>
        <source>several URLs separated by &apos;;&apos; (failover) are not supported here; give one URL</source>
        <translation>这里不支持用“;”分隔的多个 URL（故障转移）；请只填一个 URL</translation>
    </message>
    <message>
        <source>the URL needs a scheme, like {0} (or rediss:// for TLS, amqp:// for RabbitMQ)</source>
        <translation>URL 需要协议前缀，例如 {0}（TLS 用 rediss://，RabbitMQ 用 amqp://）</translation>
    </message>
    <message>
        <source>the URL contains &apos;#&apos;; if it is part of the password, percent-encode it as {0}</source>
        <translation>URL 中有“#”；如果它是密码的一部分，请编码为 {0}</translation>
    </message>
    <message>
        <source>unknown scheme &apos;{0}&apos; — did you mean {1}://?</source>
        <translation>未知的协议“{0}”，是不是想写 {1}://？</translation>
    </message>
    <message>
        <source>unknown scheme &apos;{0}&apos; — a broker URL starts with redis://</source>
        <translation>未知的协议“{0}”；消息代理 URL 以 redis:// 开头</translation>
    </message>
    <message>
        <source>the password seems to contain &apos;/&apos; or &apos;?&apos;; percent-encode them (/ as {0}, ? as {1}) or type the password in the separate password field</source>
        <translation>密码中似乎有“/”或“?”；请进行百分号编码（/ 写作 {0}，? 写作 {1}），或在单独的密码框中输入密码</translation>
    </message>
    <message>
        <source>an IPv6 address needs a closing &apos;]&apos;, e.g. {0}</source>
        <translation>IPv6 地址缺少右方括号“]”，例如 {0}</translation>
    </message>
    <message>
        <source>unexpected &apos;{0}&apos; after the IPv6 address</source>
        <translation>IPv6 地址后面有多余的“{0}”</translation>
    </message>
    <message>
        <source>an IPv6 address must be in brackets, e.g. {0}</source>
        <translation>IPv6 地址必须放在方括号中，例如 {0}</translation>
    </message>
    <message>
        <source>the port is empty after &apos;:&apos;; write it like host:6379 or leave &apos;:&apos; out</source>
        <translation>“:”后面的端口为空；请写成 host:6379 的形式，或去掉“:”</translation>
    </message>
    <message>
        <source>port must be a number (got &apos;{0}&apos;)</source>
        <translation>端口必须是数字（实际为“{0}”）</translation>
    </message>
    <message>
        <source>port must be between 1 and 65535 (got {0})</source>
        <translation>端口必须在 1 到 65535 之间（实际为 {0}）</translation>
    </message>
    <message>
        <source>db must be a number 0..{0} ({1}, got &apos;{2}&apos;)</source>
        <translation>db 必须是 0..{0} 的数字（{1}，实际为“{2}”）</translation>
    </message>
    <message>
        <source>db must be 0..{0} (got {1}; Redis has 16 databases)</source>
        <translation>db 必须在 0..{0} 之间（实际为 {1}；Redis 默认有 16 个数据库）</translation>
    </message>
    <message>
        <source>db must be a single number after the host, like /0 (got &apos;{0}&apos;)</source>
        <translation>db 必须是主机后面的一个数字，例如 /0（实际为“{0}”）</translation>
    </message>
    <message>
        <source>the path after the host, e.g. /0</source>
        <translation>主机后面的路径，例如 /0</translation>
    </message>
    <message>
        <source>TLS option &apos;{0}&apos; needs a TLS URL: change redis:// to rediss://</source>
        <translation>TLS 选项“{0}”需要 TLS URL：请把 redis:// 改为 rediss://</translation>
    </message>
    <message>
        <source>ssl_cert_reqs must be required, optional or none (got &apos;{0}&apos;)</source>
        <translation>ssl_cert_reqs 只能是 required、optional 或 none（实际为“{0}”）</translation>
    </message>
    <message>
        <source>ssl_check_hostname must be true or false (got &apos;{0}&apos;)</source>
        <translation>ssl_check_hostname 只能是 true 或 false（实际为“{0}”）</translation>
    </message>
    <message>
        <source>a socket URL has no host; use three slashes before the path, like {0}</source>
        <translation>套接字 URL 不含主机；路径前要写三个斜杠，例如 {0}</translation>
    </message>
    <message>
        <source>the socket path is missing, like {0}</source>
        <translation>缺少套接字路径，例如 {0}</translation>
    </message>
    <message>
        <source>the db= option</source>
        <translation>db= 选项</translation>
    </message>
</context>
<context>
    <name>ConnectionBar</name>
    <message>
        <source>Connection profiles: a broker and your project</source>
        <translation>连接配置档：一个消息代理，以及你的项目</translation>
    </message>
    <message>
        <source>Type a broker URL and press Connect: it is saved as a new profile</source>
        <translation>输入消息代理 URL 后点“连接”：它会保存为一个新的配置档</translation>
    </message>
    <message>
        <source>password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>Profile</source>
        <translation>配置档</translation>
    </message>
    <message>
        <source>Profiles</source>
        <translation>管理配置档</translation>
    </message>
    <message>
        <source>New profile…</source>
        <translation>新建配置档…</translation>
    </message>
    <message>
        <source>Edit profile…</source>
        <translation>编辑配置档…</translation>
    </message>
    <message>
        <source>Delete profile</source>
        <translation>删除配置档</translation>
    </message>
    <message>
        <source>Read-only (no actions on this broker)</source>
        <translation>只读（不在此消息代理上执行任何操作）</translation>
    </message>
    <message>
        <source>private redis-server started by Celery Desk</source>
        <translation>Celery Desk 启动的私有 redis-server</translation>
    </message>
    <message>
        <source>saved in keychain</source>
        <translation>已存入钥匙串</translation>
    </message>
    <message>
        <source>Delete the profile &apos;{0}&apos;? Its saved password is removed too; its schedule file and process presets stay on disk.</source>
        <translation>删除配置档“{0}”吗？保存的密码也会一并删除；它的调度文件和进程预设仍保留在磁盘上。</translation>
    </message>
    <message>
        <source>{0} · {1}</source>
        <translation>{0} · {1}</translation>
    </message>
    <message>
        <source>{0}: {1}</source>
        <translation>{0}：{1}</translation>
    </message>
    <message>
        <source>Disconnect</source>
        <translation>断开</translation>
    </message>
</context>
<context>
    <name>ConnectionState</name>
    <message>
        <source>Disconnected</source>
        <translation>未连接</translation>
    </message>
    <message>
        <source>Starting local broker</source>
        <translation>正在启动本地消息代理</translation>
    </message>
    <message>
        <source>Connecting</source>
        <translation>正在连接</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>已连接</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>连接失败</translation>
    </message>
    <message>
        <source>Connection lost</source>
        <translation>连接已断开</translation>
    </message>
    <message>
        <source>starting…</source>
        <translation>正在启动…</translation>
    </message>
    <message>
        <source>Probe failed: {0}</source>
        <translation>探测失败：{0}</translation>
    </message>
</context>
<context>
    <name>DaysSpinBox</name>
    <message>
        <source> day</source>
        <translation> 天</translation>
    </message>
    <message>
        <source> days</source>
        <translation> 天</translation>
    </message>
</context>
<context>
    <name>ErrorBanner</name>
    <message>
        <source>Dismiss</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Unexpected error (the app keeps running; details in the log): {0}</source>
        <translation>意外错误（应用仍在运行，详情见日志）：{0}</translation>
    </message>
</context>
<context>
    <name>EventStatusLabel</name>
    <message>
        <source>Click to see the warnings and what to change.</source>
        <translation>点击查看警告以及需要修改的设置。</translation>
    </message>
</context>
<context>
    <name>HistorySettings</name>
    <message>
        <source>Keep every task in a journal on disk</source>
        <translation>将每个任务记录到磁盘上的任务日志</translation>
    </message>
    <message>
        <source>Every task that did not succeed: failed, revoked or never finished</source>
        <translation>所有未成功的任务：失败、已撤销或未完成的任务</translation>
    </message>
    <message>
        <source>Past this, the oldest successful tasks go first</source>
        <translation>超出时先删除最早的成功任务</translation>
    </message>
    <message>
        <source>no cap</source>
        <translation>不限</translation>
    </message>
    <message>
        <source>So that one busy task cannot crowd out the others</source>
        <translation>避免某个频繁运行的任务挤占其他任务的空间</translation>
    </message>
    <message>
        <source>Failures are kept longer than successes; old tasks are removed in the background, a little at a time. Changes apply at the next connection.</source>
        <translation>失败的任务比成功的任务保留更久；旧任务在后台分批清理。更改在下次连接时生效。</translation>
    </message>
    <message>
        <source>Journal</source>
        <translation>任务日志</translation>
    </message>
    <message>
        <source>Keep successful tasks for</source>
        <translation>成功的任务保留</translation>
    </message>
    <message>
        <source>Keep failed tasks for</source>
        <translation>失败的任务保留</translation>
    </message>
    <message>
        <source>Keep at most</source>
        <translation>最多保留</translation>
    </message>
    <message>
        <source>Per task name, at most</source>
        <translation>每个任务名称最多保留</translation>
    </message>
    <message>
        <source>Journal file</source>
        <translation>任务日志文件</translation>
    </message>
    <message>
        <source>not created yet</source>
        <translation>尚未创建</translation>
    </message>
</context>
<context>
    <name>Inspect</name>
    <message>
        <source>no reply within {0} s</source>
        <translation>{0} 秒内无回复</translation>
    </message>
    <message>
        <source>unknown inspect call &apos;{0}&apos;</source>
        <translation>未知的 inspect 调用“{0}”</translation>
    </message>
    <message>
        <source>worker said: {0}</source>
        <translation>工作进程返回：{0}</translation>
    </message>
    <message>
        <source>cannot reach the broker: {0}</source>
        <translation>无法连接消息代理：{0}</translation>
    </message>
</context>
<context>
    <name>LocalBrokerService</name>
    <message>
        <source>could not launch the detached local broker</source>
        <translation>无法以分离方式启动本地消息代理</translation>
    </message>
    <message>
        <source>no output</source>
        <translation>没有输出</translation>
    </message>
    <message>
        <source>the local broker did not answer within {0} s ({1})</source>
        <translation>本地消息代理在 {0} 秒内没有响应（{1}）</translation>
    </message>
</context>
<context>
    <name>LocaleFormat</name>
    <message>
        <source>{0} µs</source>
        <translation>{0} 微秒</translation>
    </message>
    <message>
        <source>{0} ms</source>
        <translation>{0} 毫秒</translation>
    </message>
    <message>
        <source>{0} s</source>
        <translation>{0} 秒</translation>
    </message>
    <message>
        <source>{0} d {1} h</source>
        <translation>{0} 天 {1} 小时</translation>
    </message>
    <message>
        <source>{0} h {1} min</source>
        <translation>{0} 小时 {1} 分</translation>
    </message>
    <message>
        <source>{0} min {1} s</source>
        <translation>{0} 分 {1} 秒</translation>
    </message>
    <message>
        <source>just now</source>
        <translation>刚刚</translation>
    </message>
    <message>
        <source>{0} s ago</source>
        <translation>{0} 秒前</translation>
    </message>
    <message>
        <source>{0} min ago</source>
        <translation>{0} 分钟前</translation>
    </message>
    <message>
        <source>{0} h ago</source>
        <translation>{0} 小时前</translation>
    </message>
    <message>
        <source>{0} d ago</source>
        <translation>{0} 天前</translation>
    </message>
    <message>
        <source>local ({0})</source>
        <translation>本地（{0}）</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Dashboard</source>
        <translation>仪表盘</translation>
    </message>
    <message>
        <source>Tasks</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>Workers</source>
        <translation>工作进程</translation>
    </message>
    <message>
        <source>Queues</source>
        <translation>队列</translation>
    </message>
    <message>
        <source>Schedules</source>
        <translation>定时任务</translation>
    </message>
    <message>
        <source>Processes</source>
        <translation>进程</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Preferences…</source>
        <translation>首选项(&amp;P)…</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Audit log…</source>
        <translation>审计日志(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Tasks</source>
        <translation>任务(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Send task…</source>
        <translation>发送任务(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About Celery Desk</source>
        <translation>关于 Celery Desk(&amp;A)</translation>
    </message>
    <message>
        <source>one-off URL</source>
        <translation>临时 URL</translation>
    </message>
    <message>
        <source>Broker (local): {0}</source>
        <translation>消息代理（本地）：{0}</translation>
    </message>
    <message>
        <source>Broker: {0}</source>
        <translation>消息代理：{0}</translation>
    </message>
    <message>
        <source>{0} · {1}</source>
        <translation>{0} · {1}</translation>
    </message>
    <message>
        <source>Presets of {0} not updated: {1}</source>
        <translation>{0} 的预设未能更新：{1}</translation>
    </message>
    <message>
        <source>Stopping worker, beat and broker…</source>
        <translation>正在停止工作进程、beat 和消息代理…</translation>
    </message>
    <message>
        <source>Unsaved schedule changes</source>
        <translation>定时任务有未保存的修改</translation>
    </message>
    <message>
        <source>The schedule has changes that are not saved. Quit anyway and lose them?</source>
        <translation>调度中有尚未保存的修改。仍要退出并放弃这些修改吗？</translation>
    </message>
</context>
<context>
    <name>ProcessSummary</name>
    <message>
        <source>Worker: 1 online (not started here)</source>
        <translation>工作进程：1 个在线（非本应用启动）</translation>
    </message>
    <message numerus="yes">
        <source>Workers: %n online (not started here)</source>
        <translation>
            <numerusform>工作进程：%n 个在线（非本应用启动）</numerusform>
        </translation>
    </message>
    <message>
        <source>Beat: running (not started here)</source>
        <translation>Beat：运行中（非本应用启动）</translation>
    </message>
    <message numerus="yes">
        <source>{0}, %n online</source>
        <translation>
            <numerusform>{0}，%n 个在线</numerusform>
        </translation>
    </message>
    <message>
        <source>A beat runs this profile&apos;s schedule file (Schedules page)</source>
        <translation>有 beat 正在运行此配置的调度文件（见“定时任务”页）</translation>
    </message>
    <message>
        <source>The monitor hears 1 worker online (Workers page)</source>
        <translation>监控发现 1 个工作进程在线（见“工作进程”页）</translation>
    </message>
    <message numerus="yes">
        <source>The monitor hears %n workers online (Workers page)</source>
        <translation>
            <numerusform>监控发现 %n 个工作进程在线（见“工作进程”页）</numerusform>
        </translation>
    </message>
    <message>
        <source>{0}: {1}</source>
        <translation>{0}：{1}</translation>
    </message>
    <message>
        <source>Local broker</source>
        <translation>本地消息代理</translation>
    </message>
    <message>
        <source>Worker</source>
        <translation>工作进程</translation>
    </message>
    <message>
        <source>Beat</source>
        <translation>Beat</translation>
    </message>
    <message>
        <source>The private redis-server Celery Desk runs (Processes page)</source>
        <translation>Celery Desk 运行的私有 redis-server（见“进程”页）</translation>
    </message>
    <message>
        <source>Workers started by Celery Desk (Processes page)</source>
        <translation>由 Celery Desk 启动的工作进程（见“进程”页）</translation>
    </message>
    <message>
        <source>Beats started by Celery Desk (Processes page)</source>
        <translation>由 Celery Desk 启动的 beat（见“进程”页）</translation>
    </message>
    <message>
        <source>not started</source>
        <translation>未启动</translation>
    </message>
    <message numerus="yes">
        <source>%n running</source>
        <translation>
            <numerusform>%n 个运行中</numerusform>
        </translation>
    </message>
    <message>
        <source>running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>starting</source>
        <translation>启动中</translation>
    </message>
    <message>
        <source>stopping</source>
        <translation>停止中</translation>
    </message>
    <message>
        <source>exited</source>
        <translation>已退出</translation>
    </message>
    <message>
        <source>crashed</source>
        <translation>已崩溃</translation>
    </message>
    <message>
        <source>failed to start</source>
        <translation>启动失败</translation>
    </message>
</context>
<context>
    <name>ProfileDialog</name>
    <message>
        <source>Edit profile</source>
        <translation>编辑配置档</translation>
    </message>
    <message>
        <source>New profile</source>
        <translation>新建配置档</translation>
    </message>
    <message>
        <source>The private local broker</source>
        <translation>私有的本地消息代理</translation>
    </message>
    <message>
        <source>Broker URL</source>
        <translation>消息代理 URL</translation>
    </message>
    <message>
        <source>Read-only: no actions on this broker (production)</source>
        <translation>只读：不在此消息代理上执行任何操作（生产环境）</translation>
    </message>
    <message>
        <source>Your Celery project</source>
        <translation>你的 Celery 项目</translation>
    </message>
    <message>
        <source>the directory you run celery from</source>
        <translation>平时运行 celery 命令的目录</translation>
    </message>
    <message>
        <source>its virtualenv or interpreter</source>
        <translation>项目的虚拟环境或解释器</translation>
    </message>
    <message>
        <source>as in celery -A …, e.g. proj</source>
        <translation>即 celery -A … 中的值，例如 proj</translation>
    </message>
    <message>
        <source>Check project</source>
        <translation>检查项目</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Broker</source>
        <translation>消息代理</translation>
    </message>
    <message>
        <source>Result backend</source>
        <translation>结果后端</translation>
    </message>
    <message>
        <source>Directory</source>
        <translation>目录</translation>
    </message>
    <message>
        <source>Interpreter</source>
        <translation>解释器</translation>
    </message>
    <message>
        <source>-A module</source>
        <translation>-A 模块</translation>
    </message>
    <message>
        <source>Environment</source>
        <translation>环境变量</translation>
    </message>
    <message>
        <source>Schedule file</source>
        <translation>调度文件</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>saved in keychain</source>
        <translation>已存入钥匙串</translation>
    </message>
    <message>
        <source>environment line {0}: write NAME=value</source>
        <translation>环境变量第 {0} 行：请写成 NAME=value</translation>
    </message>
    <message>
        <source>a name is required</source>
        <translation>需要填写名称</translation>
    </message>
    <message>
        <source>a profile named &apos;{0}&apos; already exists</source>
        <translation>已有名为“{0}”的配置档</translation>
    </message>
    <message>
        <source>the project needs its -A module</source>
        <translation>项目需要填写 -A 模块</translation>
    </message>
    <message>
        <source>the directory {0} does not exist</source>
        <translation>目录 {0} 不存在</translation>
    </message>
    <message>
        <source>result backend: {0}</source>
        <translation>结果后端：{0}</translation>
    </message>
    <message>
        <source>the result backend must be a Redis URL (redis://, rediss://…)</source>
        <translation>结果后端必须是 Redis URL（redis://、rediss://…）</translation>
    </message>
    <message>
        <source>optional, e.g. redis://host:6379/1</source>
        <translation>可选，例如 redis://host:6379/1</translation>
    </message>
    <message>
        <source>Where the app reads task results: backfill after a gap, the original arguments of a retry, progress. Empty: the project&apos;s result_backend, else the broker.</source>
        <translation>本应用从这里读取任务结果：中断后的回填、重试时的原始参数、进度。留空：使用项目的 result_backend，没有项目时使用消息代理。</translation>
    </message>
    <message>
        <source>default: {0}</source>
        <translation>默认：{0}</translation>
    </message>
    <message>
        <source>Project directory</source>
        <translation>项目目录</translation>
    </message>
    <message>
        <source>Python interpreter</source>
        <translation>Python 解释器</translation>
    </message>
    <message>
        <source>JSON files (*.json)</source>
        <translation>JSON 文件 (*.json)</translation>
    </message>
    <message>
        <source>Importing the app in its own interpreter…</source>
        <translation>正在用项目自己的解释器导入 Celery 应用…</translation>
    </message>
</context>
<context>
    <name>Profiles</name>
    <message>
        <source>The built-in &apos;{0}&apos; profile cannot be deleted</source>
        <translation>内置配置档“{0}”不能删除</translation>
    </message>
    <message>
        <source>The built-in &apos;{0}&apos; profile cannot be renamed</source>
        <translation>内置配置档“{0}”不能重命名</translation>
    </message>
    <message>
        <source>A profile named &apos;{0}&apos; already exists</source>
        <translation>已有名为“{0}”的配置档</translation>
    </message>
    <message>
        <source>There is no profile named &apos;{0}&apos;</source>
        <translation>没有名为“{0}”的配置档</translation>
    </message>
    <message>
        <source>A profile needs a name</source>
        <translation>配置档需要一个名称</translation>
    </message>
    <message>
        <source>&apos;{0}&apos; is the name of a built-in profile; choose another name</source>
        <translation>“{0}”是内置配置档的名称，请换一个</translation>
    </message>
    <message>
        <source>A profile name can have at most {0} characters</source>
        <translation>配置档名称最多 {0} 个字符</translation>
    </message>
    <message>
        <source>A profile name cannot contain control characters</source>
        <translation>配置档名称不能包含控制字符</translation>
    </message>
    <message>
        <source>The result backend URL cannot be used: {0}</source>
        <translation>结果后端 URL 无法使用：{0}</translation>
    </message>
    <message>
        <source>The result backend must be a Redis URL (redis://, rediss://, redis+socket://): the app reads results from Redis only</source>
        <translation>结果后端必须是 Redis URL（redis://、rediss://、redis+socket://）：本应用只能从 Redis 读取结果</translation>
    </message>
    <message>
        <source>A project needs its -A module (for example proj, or proj.celery:app)</source>
        <translation>项目需要填写 -A 模块（例如 proj 或 proj.celery:app）</translation>
    </message>
    <message>
        <source>The -A module &apos;{0}&apos; cannot contain spaces</source>
        <translation>-A 模块“{0}”不能包含空格</translation>
    </message>
    <message>
        <source>The project&apos;s environment is saved in plain text and cannot hold secrets: {0}</source>
        <translation>项目的环境变量以明文保存，不能包含密钥或密码：{0}</translation>
    </message>
</context>
<context>
    <name>Project</name>
    <message>
        <source>cannot run {0}</source>
        <translation>无法运行 {0}</translation>
    </message>
    <message>
        <source>cannot run {0}: {1}</source>
        <translation>无法运行 {0}：{1}</translation>
    </message>
    <message>
        <source>the project did not load within {0} s (stopped); does importing it wait for something (a database, a network service)?</source>
        <translation>项目在 {0} 秒内没有加载完成（已终止）；导入时是否在等待什么（数据库、网络服务）？</translation>
    </message>
    <message>
        <source>the helper gave no answer (exit code {0})</source>
        <translation>辅助进程没有返回结果（退出码 {0}）</translation>
    </message>
    <message>
        <source>the helper&apos;s answer is not JSON: {0}</source>
        <translation>辅助进程返回的不是 JSON：{0}</translation>
    </message>
    <message>
        <source>the helper&apos;s answer is not a JSON object</source>
        <translation>辅助进程返回的不是 JSON 对象</translation>
    </message>
    <message>
        <source>the project could not be loaded (no reason given)</source>
        <translation>项目无法加载（未给出原因）</translation>
    </message>
    <message>
        <source>the helper&apos;s answer is not understood: {0}</source>
        <translation>无法理解辅助进程返回的内容：{0}</translation>
    </message>
    <message>
        <source>cannot prepare the helper: {0}</source>
        <translation>无法准备辅助进程：{0}</translation>
    </message>
    <message>
        <source>cannot run the project&apos;s interpreter: {0}</source>
        <translation>无法运行项目的解释器：{0}</translation>
    </message>
    <message>
        <source>the working directory {0} does not exist</source>
        <translation>工作目录 {0} 不存在</translation>
    </message>
    <message>
        <source>no python in {0}</source>
        <translation>{0} 中没有 python</translation>
    </message>
    <message>
        <source>python interpreter {0} does not exist</source>
        <translation>Python 解释器 {0} 不存在</translation>
    </message>
    <message>
        <source>virtualenv {0} does not exist</source>
        <translation>虚拟环境 {0} 不存在</translation>
    </message>
    <message>
        <source>python interpreter {0} is not executable</source>
        <translation>Python 解释器 {0} 没有执行权限</translation>
    </message>
    <message>
        <source>the {0} package is not installed (looked in {1})</source>
        <translation>没有安装 {0} 包（查找位置：{1}）</translation>
    </message>
    <message>
        <source>the bundle has no {0} directory ({1})</source>
        <translation>安装包中没有 {0} 目录（{1}）</translation>
    </message>
    <message>
        <source>the {0} sources are incomplete: {1}</source>
        <translation>{0} 的源文件不完整：{1}</translation>
    </message>
    <message>
        <source>cannot create the path entry in {0}: {1}</source>
        <translation>无法在 {0} 中创建路径条目：{1}</translation>
    </message>
    <message>
        <source>cannot create the path entry {0}: {1}</source>
        <translation>无法创建路径条目 {0}：{1}</translation>
    </message>
</context>
<context>
    <name>ProjectSummary</name>
    <message>
        <source>The project did not load: {0}</source>
        <translation>项目加载失败：{0}</translation>
    </message>
    <message>
        <source>Celery {0} on Python {1}</source>
        <translation>Celery {0}，Python {1}</translation>
    </message>
    <message numerus="yes">
        <source>%n tasks</source>
        <translation>
            <numerusform>%n 个任务</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n code-defined schedules</source>
        <translation>
            <numerusform>代码中定义了 %n 个定时任务</numerusform>
        </translation>
    </message>
    <message>
        <source>no timezone set (UTC)</source>
        <translation>未设置时区（UTC）</translation>
    </message>
    <message>
        <source>Broker: {0}</source>
        <translation>消息代理：{0}</translation>
    </message>
    <message>
        <source>Result backend: {0}</source>
        <translation>结果后端：{0}</translation>
    </message>
    <message>
        <source>Workers send no task events unless started with -E (the app&apos;s presets do) or worker_send_task_events = True (Django: CELERY_WORKER_SEND_TASK_EVENTS)</source>
        <translation>工作进程默认不发送任务事件，除非用 -E 启动（本应用的预设会加上），或设置 worker_send_task_events = True（Django 中为 CELERY_WORKER_SEND_TASK_EVENTS）</translation>
    </message>
    <message>
        <source>No task-sent events: tasks show up only once a worker receives them (task_send_sent_event = True; Django: CELERY_TASK_SEND_SENT_EVENT)</source>
        <translation>没有 task-sent 事件：任务要等工作进程收到后才会显示（设置 task_send_sent_event = True；Django 中为 CELERY_TASK_SEND_SENT_EVENT）</translation>
    </message>
</context>
<context>
    <name>ResultBackend</name>
    <message>
        <source>backfill unavailable: the project has no result backend</source>
        <translation>无法回填：项目没有结果后端</translation>
    </message>
    <message>
        <source>backfill unavailable: the result backend {0} needs its password; enter it as the profile&apos;s result backend</source>
        <translation>无法回填：结果后端 {0} 需要密码；请在配置档的结果后端中填写</translation>
    </message>
    <message>
        <source>backfill unavailable: the result backend is {0}</source>
        <translation>无法回填：结果后端是 {0}</translation>
    </message>
    <message>
        <source>backfill reads the broker&apos;s db {0}: the project could not be read</source>
        <translation>回填读取消息代理的数据库 {0}：无法读取项目</translation>
    </message>
    <message>
        <source>backfill reads the result backend {0}</source>
        <translation>回填读取结果后端 {0}</translation>
    </message>
</context>
<context>
    <name>ScreenshotTaker</name>
    <message>
        <source>Screenshot saved to {0}</source>
        <translation>截图已保存到 {0}</translation>
    </message>
    <message>
        <source>Could not save the screenshot to {0}</source>
        <translation>无法把截图保存到 {0}</translation>
    </message>
</context>
<context>
    <name>Secrets</name>
    <message>
        <source>Passwords are saved in the OS keychain ({0})</source>
        <translation>密码保存在系统钥匙串中（{0}）</translation>
    </message>
    <message>
        <source>The OS keychain failed ({0}): passwords are kept for this session only</source>
        <translation>系统钥匙串出错（{0}）：密码只在本次运行期间保留</translation>
    </message>
    <message>
        <source>No OS keychain available: passwords are kept for this session only</source>
        <translation>没有可用的系统钥匙串：密码只在本次运行期间保留</translation>
    </message>
</context>
<context>
    <name>SendTaskDialog</name>
    <message>
        <source>Send task</source>
        <translation>发送任务</translation>
    </message>
    <message>
        <source>a task name, e.g. proj.tasks.add</source>
        <translation>任务名，例如 proj.tasks.add</translation>
    </message>
    <message>
        <source>Reload</source>
        <translation>重新获取</translation>
    </message>
    <message>
        <source>Ask the workers again for their registered tasks</source>
        <translation>重新向工作进程查询已注册的任务</translation>
    </message>
    <message>
        <source>default routing</source>
        <translation>默认路由</translation>
    </message>
    <message>
        <source>default</source>
        <translation>默认</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>2030-01-31T09:00 (local time)</source>
        <translation>2030-01-31T09:00（本地时间）</translation>
    </message>
    <message>
        <source>seconds or date/time</source>
        <translation>秒数或日期时间</translation>
    </message>
    <message>
        <source>Copy id</source>
        <translation>复制 ID</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <source>Task:</source>
        <translation>任务：</translation>
    </message>
    <message>
        <source>Args (JSON list):</source>
        <translation>args（JSON 数组）：</translation>
    </message>
    <message>
        <source>Kwargs (JSON object):</source>
        <translation>kwargs（JSON 对象）：</translation>
    </message>
    <message>
        <source>Options</source>
        <translation>选项</translation>
    </message>
    <message>
        <source>Queue:</source>
        <translation>队列：</translation>
    </message>
    <message>
        <source>Routing key:</source>
        <translation>路由键：</translation>
    </message>
    <message>
        <source>Priority (0-9):</source>
        <translation>优先级（0-9）：</translation>
    </message>
    <message>
        <source>Countdown:</source>
        <translation>延迟：</translation>
    </message>
    <message>
        <source>ETA:</source>
        <translation>ETA：</translation>
    </message>
    <message>
        <source>Expires:</source>
        <translation>过期：</translation>
    </message>
    <message>
        <source>Not connected to a broker.</source>
        <translation>未连接消息代理。</translation>
    </message>
    <message>
        <source>Asking the workers for their registered tasks…</source>
        <translation>正在向工作进程查询已注册的任务…</translation>
    </message>
    <message>
        <source>Cannot list registered tasks: {0}</source>
        <translation>无法列出已注册的任务：{0}</translation>
    </message>
    <message>
        <source>Choose or type a task name</source>
        <translation>请选择或输入任务名</translation>
    </message>
    <message>
        <source>Publish the task</source>
        <translation>发布这个任务</translation>
    </message>
    <message>
        <source>Sending {0}…</source>
        <translation>正在发送 {0}…</translation>
    </message>
    <message>
        <source>Sent {0} as task {1}</source>
        <translation>已发送 {0}，任务 ID 为 {1}</translation>
    </message>
    <message>
        <source>Refused: {0}</source>
        <translation>已拒绝：{0}</translation>
    </message>
    <message>
        <source>Not sent: {0}</source>
        <translation>未发送：{0}</translation>
    </message>
    <message>
        <source>The send failed: {0}</source>
        <translation>发送失败：{0}</translation>
    </message>
</context>
<context>
    <name>Settings</name>
    <message>
        <source>must be a port between 1 and 65535</source>
        <translation>必须是 1 到 65535 之间的端口</translation>
    </message>
    <message>
        <source>must be between 0 and 3600 seconds</source>
        <translation>必须在 0 到 3600 秒之间</translation>
    </message>
    <message>
        <source>must be between 100 and 1000000 lines</source>
        <translation>必须在 100 到 1000000 行之间</translation>
    </message>
    <message>
        <source>must be &apos;local&apos;, &apos;UTC&apos; or a time zone name like &apos;Europe/Paris&apos;</source>
        <translation>必须是 local、UTC 或时区名称（如 Asia/Shanghai）</translation>
    </message>
    <message>
        <source>must be &apos;system&apos; or a code like &apos;en&apos; or &apos;zh_CN&apos;</source>
        <translation>必须是 system 或语言代码（如 en、zh_CN）</translation>
    </message>
    <message>
        <source>must be between 0.01 and 3650 days</source>
        <translation>必须在 0.01 到 3650 天之间</translation>
    </message>
    <message>
        <source>must be between 1000 and 100000000 tasks</source>
        <translation>必须在 1000 到 100000000 个任务之间</translation>
    </message>
    <message>
        <source>must be at least 1 task, or empty</source>
        <translation>至少为 1 个任务，或留空</translation>
    </message>
    <message>
        <source>must be a profile name</source>
        <translation>必须是配置档名称</translation>
    </message>
    <message>
        <source>&apos;{0}&apos; {1} (got {2})</source>
        <translation>“{0}”{1}（实际为 {2}）</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Preferences</source>
        <translation>首选项</translation>
    </message>
    <message>
        <source>Start the local broker when no broker is configured</source>
        <translation>未配置消息代理时启动本地消息代理</translation>
    </message>
    <message>
        <source>Keep the local broker running after quitting</source>
        <translation>退出后保持本地消息代理运行</translation>
    </message>
    <message>
        <source>automatic (a free port, then remembered)</source>
        <translation>自动（选一个空闲端口并记住）</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>Restart crashed processes automatically</source>
        <translation>自动重启崩溃的进程</translation>
    </message>
    <message>
        <source>Ask workers to send events every few seconds</source>
        <translation>每隔几秒请求工作进程发送事件</translation>
    </message>
    <message>
        <source>System default ({0})</source>
        <translation>跟随系统（{0}）</translation>
    </message>
    <message>
        <source>Takes effect when Celery Desk starts again.</source>
        <translation>重新启动 Celery Desk 后生效。</translation>
    </message>
    <message>
        <source>Restart now</source>
        <translation>立即重启</translation>
    </message>
    <message>
        <source>Save, quit as usual (unsaved work is asked about) and start again</source>
        <translation>保存设置，照常退出（未保存的内容会先询问），然后重新启动</translation>
    </message>
    <message>
        <source>Passwords are stored in: {0}</source>
        <translation>密码保存在：{0}</translation>
    </message>
    <message>
        <source>Local broker</source>
        <translation>本地消息代理</translation>
    </message>
    <message>
        <source>Local broker port</source>
        <translation>本地消息代理端口</translation>
    </message>
    <message>
        <source>Show times in</source>
        <translation>时间显示时区</translation>
    </message>
    <message>
        <source>Stop grace period</source>
        <translation>停止宽限期</translation>
    </message>
    <message>
        <source>Log lines kept per process</source>
        <translation>每个进程保留的日志行数</translation>
    </message>
    <message>
        <source>Processes</source>
        <translation>进程</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>事件</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Keychain</source>
        <translation>钥匙串</translation>
    </message>
    <message>
        <source>General</source>
        <translation>常规</translation>
    </message>
    <message>
        <source>History</source>
        <translation>历史</translation>
    </message>
</context>
<context>
    <name>TaskCountSpinBox</name>
    <message>
        <source> task</source>
        <translation> 个任务</translation>
    </message>
    <message>
        <source> tasks</source>
        <translation> 个任务</translation>
    </message>
</context>
<context>
    <name>WarningsDialog</name>
    <message>
        <source>Monitor warnings</source>
        <translation>监控警告</translation>
    </message>
    <message>
        <source>Celery settings that keep events from reaching the monitor. Change them where your project configures Celery, then restart its workers (or the code that sends tasks).</source>
        <translation>以下 Celery 设置让部分事件无法到达监控。请在项目配置 Celery 的地方修改，然后重启它的工作进程（或发送任务的那部分代码）。</translation>
    </message>
    <message>
        <source>No warnings now.</source>
        <translation>目前没有警告。</translation>
    </message>
    <message>
        <source>Setting: {0} (in Django settings: {1})</source>
        <translation>设置项：{0}（Django settings 中为 {1}）</translation>
    </message>
    <message>
        <source>Worker: {0}</source>
        <translation>工作进程：{0}</translation>
    </message>
</context>
</TS>
