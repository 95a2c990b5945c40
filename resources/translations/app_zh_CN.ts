<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>ConnectionBar</name>
    <message>
        <source>Connection profiles: a broker and your project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type a broker URL and press Connect: it is saved as a new profile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Profile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Profiles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New profile…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit profile…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete profile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read-only (no actions on this broker)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>private redis-server started by Celery Desk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>saved in keychain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete the profile &apos;{0}&apos;? Its saved password is removed too; its schedule file and process presets stay on disk.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disconnect</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FontNotice</name>
    <message>
        <source>install one with: {0}</source>
        <translation>安装命令：{0}</translation>
    </message>
    <message>
        <source>install a CJK font such as Noto Sans CJK SC</source>
        <translation>请安装一款中文字体，例如 Noto Sans CJK SC</translation>
    </message>
    <message>
        <source>No font for Chinese text is installed, so Chinese shows as empty boxes; {0}</source>
        <translation>系统未安装中文字体，中文会显示为方框；{0}</translation>
    </message>
    <message>
        <source>Font notice</source>
        <translation>字体提示</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>关闭</translation>
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
        <source>About Celery Desk</source>
        <translation>关于 Celery Desk</translation>
    </message>
    <message>
        <source>&lt;b&gt;Celery Desk&lt;/b&gt;&lt;br&gt;Run, monitor and schedule Celery in one window.&lt;br&gt;Logs: {0}</source>
        <translation>&lt;b&gt;Celery Desk&lt;/b&gt;&lt;br&gt;在一个窗口里运行、监控和调度 Celery。&lt;br&gt;日志：{0}</translation>
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
    <name>ProfileDialog</name>
    <message>
        <source>Edit profile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New profile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The private local broker</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Broker URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read-only: no actions on this broker (production)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your Celery project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the directory you run celery from</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>its virtualenv or interpreter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>as in celery -A …, e.g. proj</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Broker</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Directory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Interpreter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>-A module</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Environment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Schedule file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>saved in keychain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>environment line {0}: write NAME=value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a name is required</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a profile named &apos;{0}&apos; already exists</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the project needs its -A module</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the directory {0} does not exist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>default: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Project directory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Python interpreter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Importing the app in its own interpreter…</source>
        <translation type="unfinished"></translation>
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
</context>
<context>
    <name>_ErrorBanner</name>
    <message>
        <source>Dismiss</source>
        <translation>关闭</translation>
    </message>
</context>
</TS>
