<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>AdoptedProcess</name>
    <message>
        <source>left running by an earlier session (pid {0}); supervised again, its log read from {1}</source>
        <translation>由上次会话留下继续运行（pid {0}）；已重新接管，日志读取自 {1}</translation>
    </message>
    <message>
        <source>left running by an earlier session; it ended while the app was closed</source>
        <translation>由上次会话留下继续运行；应用关闭期间它已结束</translation>
    </message>
    <message>
        <source>its exit status is unknown (the keeper left no status file)</source>
        <translation>退出状态未知（看守进程没有留下状态文件）</translation>
    </message>
</context>
<context>
    <name>GuiProcess</name>
    <message>
        <source>{0} is already {1}</source>
        <translation>{0} 已在{1}</translation>
    </message>
    <message>
        <source>started (pid {0}): {1}</source>
        <translation>已启动（pid {0}）：{1}</translation>
    </message>
    <message>
        <source>started (relay pid {0}, may be left running): {1}</source>
        <translation>已启动（中继 pid {0}，退出时可留下继续运行）：{1}</translation>
    </message>
    <message>
        <source>program {0} was not found on PATH</source>
        <translation>在 PATH 中找不到程序 {0}</translation>
    </message>
    <message>
        <source>program {0} does not exist</source>
        <translation>程序 {0} 不存在</translation>
    </message>
    <message>
        <source>working directory {0} does not exist</source>
        <translation>工作目录 {0} 不存在</translation>
    </message>
    <message>
        <source>cannot run {0}: {1}</source>
        <translation>无法运行 {0}：{1}</translation>
    </message>
</context>
<context>
    <name>LeaveRunning</name>
    <message>
        <source>left running (pid {0}); Celery Desk picks it up again when it starts</source>
        <translation>已留下继续运行（pid {0}）；Celery Desk 下次启动时会重新接管</translation>
    </message>
</context>
<context>
    <name>LogView</name>
    <message>
        <source>Search log</source>
        <translation>搜索日志</translation>
    </message>
    <message>
        <source>Previous</source>
        <translation>上一个</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>下一个</translation>
    </message>
    <message>
        <source>Follow</source>
        <translation>自动滚动</translation>
    </message>
    <message>
        <source>Keep the newest line in view</source>
        <translation>始终显示最新一行</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Copy the selection, or the whole log when nothing is selected</source>
        <translation>复制选中的内容；未选中时复制整个日志</translation>
    </message>
    <message>
        <source>No output yet</source>
        <translation>暂无输出</translation>
    </message>
    <message numerus="yes">
        <source>%n+ matches</source>
        <translation>
            <numerusform>%n+ 处匹配</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n match</source>
        <translation>
            <numerusform>%n 处匹配</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n matches</source>
        <translation>
            <numerusform>%n 处匹配</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MessageBanner</name>
    <message>
        <source>Dismiss</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Reload presets</source>
        <translation>重新加载预设</translation>
    </message>
</context>
<context>
    <name>PresetEditor</name>
    <message>
        <source>Edit preset</source>
        <translation>编辑预设</translation>
    </message>
    <message>
        <source>New preset</source>
        <translation>新建预设</translation>
    </message>
    <message>
        <source>Demo app</source>
        <translation>演示应用</translation>
    </message>
    <message>
        <source>User project</source>
        <translation>自己的项目</translation>
    </message>
    <message>
        <source>the project&apos;s directory</source>
        <translation>项目所在的目录</translation>
    </message>
    <message>
        <source>an interpreter or a virtualenv; empty: Celery Desk&apos;s own</source>
        <translation>解释器或虚拟环境；留空则用 Celery Desk 自带的</translation>
    </message>
    <message>
        <source>e.g. proj or proj.celery:app</source>
        <translation>例如 proj 或 proj.celery:app</translation>
    </message>
    <message>
        <source>Pass the connected broker&apos;s URL</source>
        <translation>传入当前连接的消息代理 URL</translation>
    </message>
    <message>
        <source>Sets CELERY_BROKER_URL for the project; its result backend is left alone.</source>
        <translation>为项目设置 CELERY_BROKER_URL；不改动它的结果后端。</translation>
    </message>
    <message>
        <source>Use it as the result backend too</source>
        <translation>同时用作结果后端</translation>
    </message>
    <message>
        <source>Sets CELERY_RESULT_BACKEND to the connected broker&apos;s URL. Celery reads it before the project&apos;s settings, so it overrides the project&apos;s own result_backend (e.g. Django&apos;s &apos;django-db&apos;).</source>
        <translation>把 CELERY_RESULT_BACKEND 设为当前连接的消息代理 URL。Celery 先于项目配置读取它，因此会覆盖项目自己的 result_backend（例如 Django 的 &apos;django-db&apos;）。</translation>
    </message>
    <message>
        <source>comma separated; empty: the app&apos;s default</source>
        <translation>用逗号分隔；留空则用应用的默认队列</translation>
    </message>
    <message>
        <source>default</source>
        <comment>concurrency</comment>
        <translation>默认</translation>
    </message>
    <message>
        <source>default</source>
        <comment>pool</comment>
        <translation>默认</translation>
    </message>
    <message>
        <source>any free port</source>
        <translation>任意空闲端口</translation>
    </message>
    <message>
        <source>empty: a file in Celery Desk&apos;s data directory</source>
        <translation>留空则使用 Celery Desk 数据目录中的文件</translation>
    </message>
    <message>
        <source>empty: Celery&apos;s default</source>
        <translation>留空则用 Celery 的默认调度器</translation>
    </message>
    <message>
        <source>KEY=value, one per line (no secrets: saved in plain text)</source>
        <translation>每行一个 KEY=value（以明文保存，请勿填写密钥）</translation>
    </message>
    <message>
        <source>Restart automatically when it crashes</source>
        <translation>崩溃时自动重启</translation>
    </message>
    <message>
        <source>Extra arguments</source>
        <translation>额外参数</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>App</source>
        <translation>应用</translation>
    </message>
    <message>
        <source>Working directory</source>
        <translation>工作目录</translation>
    </message>
    <message>
        <source>Python</source>
        <translation>Python</translation>
    </message>
    <message>
        <source>-A module</source>
        <translation>-A 模块</translation>
    </message>
    <message>
        <source>Queues</source>
        <translation>队列</translation>
    </message>
    <message>
        <source>Concurrency</source>
        <translation>并发数</translation>
    </message>
    <message>
        <source>Pool</source>
        <translation>进程池</translation>
    </message>
    <message>
        <source>Log level</source>
        <translation>日志级别</translation>
    </message>
    <message>
        <source>Broker port</source>
        <translation>消息代理端口</translation>
    </message>
    <message>
        <source>Schedule file</source>
        <translation>调度文件</translation>
    </message>
    <message>
        <source>Scheduler (-S)</source>
        <translation>调度器（-S）</translation>
    </message>
    <message>
        <source>Environment</source>
        <translation>环境变量</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>extra arguments: {0}</source>
        <translation>额外参数：{0}</translation>
    </message>
    <message>
        <source>environment line {0}: expected KEY=value</source>
        <translation>环境变量第 {0} 行：应为 KEY=value</translation>
    </message>
    <message>
        <source>a preset named {0} already exists</source>
        <translation>已存在名为 {0} 的预设</translation>
    </message>
    <message>
        <source>Command</source>
        <translation>命令</translation>
    </message>
    <message>
        <source>Project directory</source>
        <translation>项目目录</translation>
    </message>
    <message>
        <source>Virtualenv directory (cancel to pick an interpreter)</source>
        <translation>虚拟环境目录（取消则改为选择解释器）</translation>
    </message>
    <message>
        <source>Python interpreter</source>
        <translation>Python 解释器</translation>
    </message>
</context>
<context>
    <name>PresetStore</name>
    <message>
        <source>a preset must be a JSON object</source>
        <translation>预设必须是 JSON 对象</translation>
    </message>
    <message>
        <source>a preset needs a non-empty &apos;name&apos;</source>
        <translation>预设需要非空的 &apos;name&apos;</translation>
    </message>
    <message>
        <source>preset {0}: unknown kind {1}</source>
        <translation>预设 {0}：未知类型 {1}</translation>
    </message>
    <message>
        <source>preset {0}: {1} must be {2}</source>
        <translation>预设 {0}：{1} 必须是{2}</translation>
    </message>
    <message>
        <source>a string or null</source>
        <translation>字符串或 null</translation>
    </message>
    <message>
        <source>an integer or null</source>
        <translation>整数或 null</translation>
    </message>
    <message>
        <source>a string</source>
        <translation>字符串</translation>
    </message>
    <message>
        <source>a list of strings</source>
        <translation>字符串列表</translation>
    </message>
    <message>
        <source>an object of strings</source>
        <translation>值为字符串的对象</translation>
    </message>
    <message>
        <source>true or false</source>
        <translation>布尔值（true 或 false）</translation>
    </message>
    <message>
        <source>cannot read {0}: {1}</source>
        <translation>无法读取 {0}：{1}</translation>
    </message>
    <message>
        <source>expected an object with a &apos;presets&apos; list</source>
        <translation>应为包含 &apos;presets&apos; 列表的对象</translation>
    </message>
    <message>
        <source>&apos;revision&apos; must be an integer</source>
        <translation>&apos;revision&apos; 必须是整数</translation>
    </message>
    <message>
        <source>{0} is not valid ({1}); kept as {2}</source>
        <translation>{0} 无效（{1}）；已另存为 {2}</translation>
    </message>
    <message>
        <source>preset #{0} skipped: {1}</source>
        <translation>已跳过第 {0} 个预设：{1}</translation>
    </message>
    <message>
        <source>preset #{0} skipped: duplicate name {1}</source>
        <translation>已跳过第 {0} 个预设：名称 {1} 重复</translation>
    </message>
    <message>
        <source>the original file was copied to {0}</source>
        <translation>原文件已复制为 {0}</translation>
    </message>
    <message>
        <source>{0}; using the default presets</source>
        <translation>{0}；改用默认预设</translation>
    </message>
    <message>
        <source>a preset named {0} already exists</source>
        <translation>已存在名为 {0} 的预设</translation>
    </message>
    <message>
        <source>{0} was changed elsewhere (revision {1}, read {2}); reload the presets before saving</source>
        <translation>{0} 已在别处被修改（当前修订版 {1}，读取时为 {2}）；请先重新加载预设再保存</translation>
    </message>
</context>
<context>
    <name>ProcessKind</name>
    <message>
        <source>worker</source>
        <translation>工作进程</translation>
    </message>
    <message>
        <source>beat</source>
        <translation>beat</translation>
    </message>
    <message>
        <source>broker</source>
        <translation>消息代理</translation>
    </message>
    <message>
        <source>custom</source>
        <translation>自定义</translation>
    </message>
</context>
<context>
    <name>ProcessOutcome</name>
    <message>
        <source>signal {0}</source>
        <translation>信号 {0}</translation>
    </message>
    <message>
        <source>failed to start: {0}</source>
        <translation>启动失败：{0}</translation>
    </message>
    <message>
        <source>crashed: killed by {0}</source>
        <translation>崩溃：被 {0} 终止</translation>
    </message>
    <message>
        <source>ended unexpectedly (exit status unknown)</source>
        <translation>意外结束（退出状态未知）</translation>
    </message>
    <message>
        <source>exited unexpectedly (exit code 0)</source>
        <translation>意外退出（退出码 0）</translation>
    </message>
    <message>
        <source>crashed with exit code {0}</source>
        <translation>崩溃，退出码 {0}</translation>
    </message>
    <message>
        <source>killed: it did not stop within the grace period</source>
        <translation>已强制结束：未在宽限期内停止</translation>
    </message>
    <message>
        <source>stopped (exit code {0})</source>
        <translation>已停止（退出码 {0}）</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
</context>
<context>
    <name>ProcessSpec</name>
    <message>
        <source>a name is required</source>
        <translation>需要填写名称</translation>
    </message>
    <message>
        <source>concurrency must be ≥ 1</source>
        <translation>并发数必须 ≥ 1</translation>
    </message>
    <message>
        <source>unknown pool {0} (choose one of {1})</source>
        <translation>未知的进程池 {0}（可选：{1}）</translation>
    </message>
    <message>
        <source>unknown log level {0} ({1})</source>
        <translation>未知的日志级别 {0}（可选：{1}）</translation>
    </message>
    <message>
        <source>working directory {0} does not exist</source>
        <translation>工作目录 {0} 不存在</translation>
    </message>
    <message>
        <source>working directory {0} is not a directory</source>
        <translation>工作目录 {0} 不是目录</translation>
    </message>
    <message>
        <source>queue name {0} is empty or contains spaces</source>
        <translation>队列名 {0} 为空或含有空格</translation>
    </message>
    <message>
        <source>environment name {0} is not valid</source>
        <translation>环境变量名 {0} 无效</translation>
    </message>
    <message>
        <source>extra arguments hold a URL with a password (anyone can read it with ps); use the connected broker instead</source>
        <translation>额外参数中有带密码的 URL（任何人都能用 ps 看到）；请改用当前连接的消息代理</translation>
    </message>
    <message>
        <source>environment {0} holds a password, and presets are saved in plain text</source>
        <translation>环境变量 {0} 含有密码，而预设是以明文保存的</translation>
    </message>
    <message>
        <source>broker port must be between 1 and 65535</source>
        <translation>消息代理端口必须在 1 到 65535 之间</translation>
    </message>
    <message>
        <source>a custom process needs its command in the extra arguments</source>
        <translation>自定义进程需要填写要运行的命令</translation>
    </message>
    <message>
        <source>-A module is required for a user project</source>
        <translation>自己的项目需要填写 -A 模块</translation>
    </message>
    <message>
        <source>no broker is connected: connect to a broker or start the local broker</source>
        <translation>未连接消息代理：请连接一个消息代理，或启动本地消息代理</translation>
    </message>
    <message>
        <source>cannot prepare the file scheduler for the interpreter: {0}</source>
        <translation>无法为该解释器准备文件调度器：{0}</translation>
    </message>
</context>
<context>
    <name>ProcessState</name>
    <message>
        <source>not started</source>
        <translation>未启动</translation>
    </message>
    <message>
        <source>starting</source>
        <translation>启动中</translation>
    </message>
    <message>
        <source>running</source>
        <translation>运行中</translation>
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
    <name>ProcessTableModel</name>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>PID</source>
        <translation>PID</translation>
    </message>
    <message>
        <source>Uptime</source>
        <translation>运行时长</translation>
    </message>
    <message>
        <source>Last outcome</source>
        <translation>上次结果</translation>
    </message>
    <message>
        <source>Restarts</source>
        <translation>重启次数</translation>
    </message>
    <message>
        <source>{0} · detached</source>
        <translation>{0} · 已脱离</translation>
    </message>
    <message>
        <source>Left running when Celery Desk quit; it goes on until you stop it here.
Log: {0}</source>
        <translation>Celery Desk 退出时留下继续运行；在这里停止之前它会一直运行。
日志：{0}</translation>
    </message>
</context>
<context>
    <name>ProcessesView</name>
    <message>
        <source>Presets: {0}</source>
        <translation>预设：{0}</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>启动</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Restart</source>
        <translation>重启</translation>
    </message>
    <message>
        <source>New preset…</source>
        <translation>新建预设…</translation>
    </message>
    <message>
        <source>Edit preset…</source>
        <translation>编辑预设…</translation>
    </message>
    <message>
        <source>Delete preset</source>
        <translation>删除预设</translation>
    </message>
    <message>
        <source>Presets</source>
        <translation>预设</translation>
    </message>
    <message>
        <source>Processes</source>
        <translation>进程</translation>
    </message>
    <message>
        <source>&lt;b&gt;Log&lt;/b&gt; — {0}</source>
        <translation>&lt;b&gt;日志&lt;/b&gt; — {0}</translation>
    </message>
    <message>
        <source>&lt;b&gt;Log&lt;/b&gt;</source>
        <translation>&lt;b&gt;日志&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Demo app</source>
        <translation>演示应用</translation>
    </message>
    <message>
        <source>Left running when Celery Desk last quit, supervised again: {0}. Stop them here when you no longer need them.</source>
        <translation>上次退出 Celery Desk 时留下运行的进程已重新接管：{0}。不再需要时，请在这里停止它们。</translation>
    </message>
    <message>
        <source>Cannot start {0}: {1}</source>
        <translation>无法启动 {0}：{1}</translation>
    </message>
    <message>
        <source>Cannot restart {0}: {1}</source>
        <translation>无法重启 {0}：{1}</translation>
    </message>
    <message>
        <source>Preset not saved: {0}</source>
        <translation>预设未保存：{0}</translation>
    </message>
    <message>
        <source>Preset not deleted: {0}</source>
        <translation>预设未删除：{0}</translation>
    </message>
    <message>
        <source>Deleted preset {0}.</source>
        <translation>已删除预设 {0}。</translation>
    </message>
    <message>
        <source>{0}: {1}</source>
        <translation>{0}：{1}</translation>
    </message>
</context>
<context>
    <name>QuitQuestion</name>
    <message>
        <source>Quit Celery Desk</source>
        <translation>退出 Celery Desk</translation>
    </message>
    <message>
        <source>Your project&apos;s processes are still running:&lt;ul&gt;{0}&lt;/ul&gt;</source>
        <translation>你的项目进程仍在运行：&lt;ul&gt;{0}&lt;/ul&gt;</translation>
    </message>
    <message>
        <source>Stop them, or leave them running without Celery Desk. Processes left running appear in the Processes view the next time you open Celery Desk, and you stop them from there.</source>
        <translation>可以停止它们，也可以让它们在 Celery Desk 退出后继续运行。留下运行的进程会在下次打开 Celery Desk 时出现在“进程”页面，届时可在那里停止。</translation>
    </message>
    <message>
        <source>Stop them</source>
        <translation>停止它们</translation>
    </message>
    <message>
        <source>Leave running</source>
        <translation>保持运行</translation>
    </message>
</context>
<context>
    <name>RestartTracker</name>
    <message numerus="yes">
        <source>crashed %n times within {0} s; not restarting again</source>
        <translation>
            <numerusform>{0} 秒内崩溃了 %n 次；不再重启</numerusform>
        </translation>
    </message>
    <message>
        <source>restarting in {0} s (attempt {1})</source>
        <translation>{0} 秒后重启（第 {1} 次尝试）</translation>
    </message>
</context>
<context>
    <name>Supervisor</name>
    <message>
        <source>{0} is already {1}</source>
        <translation>{0} 已在{1}</translation>
    </message>
    <message>
        <source>restart cancelled</source>
        <translation>已取消重启</translation>
    </message>
    <message>
        <source>{0} was left running by an earlier session and has no preset</source>
        <translation>{0} 是上次会话留下运行的进程，没有对应的预设</translation>
    </message>
    <message>
        <source>not restarted: {0}</source>
        <translation>未重启：{0}</translation>
    </message>
</context>
</TS>
