<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>flotilla::ui::EnrollmentKeyDialog</name>
    <message>
        <source>&amp;Copy</source>
        <translation>复制(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Rotate…</source>
        <translation>轮换(&amp;R)…</translation>
    </message>
    <message>
        <source>Enrollment key</source>
        <translation>注册密钥</translation>
    </message>
    <message>
        <source>Vehicles prove that they belong to this fleet with the enrollment key: a vehicle that registers with a proof made from this key is accepted at once, any other waits in Registrations for an operator. Configure the key in the vehicles&apos; agent (flotilla-agent --enrollment-key).</source>
        <translation>车辆通过注册密钥证明自己属于此车队：使用由该密钥生成的证明进行注册的车辆会被立即接受，其他车辆则在“注册”中等待操作员处理。请在车辆代理中配置该密钥（flotilla-agent --enrollment-key）。</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <source>Copy the key to the clipboard</source>
        <translation>将密钥复制到剪贴板</translation>
    </message>
    <message>
        <source>Replace the key with a new random one; the old key stops working at once</source>
        <translation>用新的随机密钥替换当前密钥；旧密钥立即失效</translation>
    </message>
    <message>
        <source>Copied to the clipboard.</source>
        <translation>已复制到剪贴板。</translation>
    </message>
    <message>
        <source>Rotate enrollment key</source>
        <translation>轮换注册密钥</translation>
    </message>
    <message>
        <source>Replace the enrollment key with a new one?</source>
        <translation>要用新的注册密钥替换当前密钥吗？</translation>
    </message>
    <message>
        <source>The old key stops working at once: vehicles that register with it afterwards wait for an operator. Vehicles already registered keep their tokens.</source>
        <translation>旧密钥立即失效：此后使用旧密钥注册的车辆需等待操作员处理。已注册的车辆保留其令牌。</translation>
    </message>
    <message>
        <source>Rotate</source>
        <translation>轮换</translation>
    </message>
    <message>
        <source>Could not rotate the key: %1</source>
        <translation>无法轮换密钥：%1</translation>
    </message>
    <message>
        <source>New key in use. Give it to the vehicles you set up from now on.</source>
        <translation>新密钥已启用。请将其提供给今后配置的车辆。</translation>
    </message>
    <message>
        <source>Enrollment key rotated.</source>
        <translation>注册密钥已轮换。</translation>
    </message>
</context>
<context>
    <name>flotilla::ui::EventLogModel</name>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>VIN</source>
        <translation>VIN</translation>
    </message>
    <message>
        <source>Actor</source>
        <translation>执行者</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>摘要</translation>
    </message>
    <message>
        <source>When the event was recorded (local time)</source>
        <translation>事件记录时间（本地时间）</translation>
    </message>
    <message>
        <source>Event type, e.g. a registration or a decision</source>
        <translation>事件类型，例如注册或决定</translation>
    </message>
    <message>
        <source>Vehicle the event is about, if any</source>
        <translation>事件涉及的车辆（如有）</translation>
    </message>
    <message>
        <source>Who caused it: the vehicle, the system or an operator</source>
        <translation>触发者：车辆、系统或操作员</translation>
    </message>
    <message>
        <source>What happened</source>
        <translation>发生了什么</translation>
    </message>
</context>
<context>
    <name>flotilla::ui::EventsPage</name>
    <message>
        <source>Filter events by kind, VIN, actor or summary</source>
        <translation>按类型、VIN、执行者或摘要筛选事件</translation>
    </message>
    <message>
        <source>No events yet. Registrations, decisions and sessions are logged here.</source>
        <translation>暂无事件。注册、决定和会话都会记录在这里。</translation>
    </message>
    <message>
        <source>Could not load the event log: %1</source>
        <translation>无法加载事件日志：%1</translation>
    </message>
</context>
<context>
    <name>flotilla::ui::MainWindow</name>
    <message>
        <source>Flotilla</source>
        <translation>Flotilla</translation>
    </message>
    <message>
        <source>Vehicles</source>
        <translation>车辆</translation>
    </message>
    <message>
        <source>Vehicle inventory (Ctrl+1)</source>
        <translation>车辆清单（Ctrl+1）</translation>
    </message>
    <message>
        <source>Registrations</source>
        <translation>注册</translation>
    </message>
    <message>
        <source>Registration requests to decide (Ctrl+2)</source>
        <translation>待处理的注册请求（Ctrl+2）</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>事件</translation>
    </message>
    <message>
        <source>Event log, newest first (Ctrl+3)</source>
        <translation>事件日志，最新的在前（Ctrl+3）</translation>
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
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Vehicles</source>
        <translation>车辆(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Registrations</source>
        <translation>注册(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Events</source>
        <translation>事件(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Find Vehicle</source>
        <translation>查找车辆(&amp;F)</translation>
    </message>
    <message>
        <source>F&amp;leet</source>
        <translation>车队(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Demo fleet</source>
        <translation>演示车队(&amp;D)</translation>
    </message>
    <message>
        <source>Run simulated vehicles that register and check in, for demonstrations</source>
        <translation>运行会注册并签到的模拟车辆，用于演示</translation>
    </message>
    <message>
        <source>&amp;Server</source>
        <translation>服务器(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Enrollment Key…</source>
        <translation>注册密钥(&amp;E)…</translation>
    </message>
    <message>
        <source>Show, copy or rotate the key vehicles prove at registration</source>
        <translation>查看、复制或轮换车辆注册时用于证明的密钥</translation>
    </message>
    <message>
        <source>Server &amp;Status…</source>
        <translation>服务器状态(&amp;S)…</translation>
    </message>
    <message>
        <source>Endpoints, data folder and counts of the embedded server</source>
        <translation>内嵌服务器的端点、数据文件夹和计数</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About Flotilla</source>
        <translation>关于 Flotilla(&amp;A)</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>关于 Qt(&amp;Q)</translation>
    </message>
    <message>
        <source>Address vehicles use to reach this console&apos;s device endpoint</source>
        <translation>车辆访问本控制台设备端点所用的地址</translation>
    </message>
    <message>
        <source>Vehicles in the inventory, vehicles seen recently, registrations to decide</source>
        <translation>清单中的车辆、最近在线的车辆、待处理的注册</translation>
    </message>
    <message>
        <source>Device endpoint: starting…</source>
        <translation>设备端点：正在启动…</translation>
    </message>
    <message>
        <source>Vehicles: %1 · Online: %2 · Pending: %3</source>
        <translation>车辆：%1 · 在线：%2 · 待处理：%3</translation>
    </message>
    <message>
        <source>Demo fleet: on (%1 simulated)</source>
        <translation>演示车队：运行中（%1 辆模拟车辆）</translation>
    </message>
    <message>
        <source>Demo fleet: off</source>
        <translation>演示车队：关闭</translation>
    </message>
    <message>
        <source>Simulated vehicles are running in this console (Fleet ▸ Demo fleet)</source>
        <translation>本控制台中正在运行模拟车辆（车队 ▸ 演示车队）</translation>
    </message>
    <message>
        <source>Start simulated vehicles with Fleet ▸ Demo fleet</source>
        <translation>通过 车队 ▸ 演示车队 启动模拟车辆</translation>
    </message>
    <message>
        <source>Could not read the server status: %1</source>
        <translation>无法读取服务器状态：%1</translation>
    </message>
    <message>
        <source>Device endpoint: %1</source>
        <translation>设备端点：%1</translation>
    </message>
    <message>
        <source>Registration requests waiting for a decision: %1 (Ctrl+2)</source>
        <translation>等待决定的注册请求：%1（Ctrl+2）</translation>
    </message>
    <message>
        <source>About Flotilla</source>
        <translation>关于 Flotilla</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Flotilla %1&lt;/h3&gt;</source>
        <translation>&lt;h3&gt;Flotilla %1&lt;/h3&gt;</translation>
    </message>
    <message>
        <source>A desktop console for over-the-air updates and remote control of a vehicle fleet: OMA-DM 2.0 over HTTPS, with an embedded server and a simulated demo fleet.&lt;br&gt;&lt;br&gt;Built with Qt %1.</source>
        <translation>用于车队空中升级（OTA）和远程控制的桌面控制台：基于 HTTPS 的 OMA-DM 2.0，内置服务器和模拟演示车队。&lt;br&gt;&lt;br&gt;基于 Qt %1 构建。</translation>
    </message>
    <message>
        <source>Error: %1</source>
        <translation>错误：%1</translation>
    </message>
</context>
<context>
    <name>flotilla::ui::RegistrationController</name>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>Accepted %1; it receives its token when it registers again.</source>
        <translation>已接受 %1；该车辆将在下次注册时获得令牌。</translation>
    </message>
    <message numerus="yes">
        <source>Accepted %n vehicles.</source>
        <translation>
            <numerusform>已接受 %n 辆车。</numerusform>
        </translation>
    </message>
    <message>
        <source>Could not accept %1</source>
        <translation>无法接受：%1</translation>
    </message>
    <message>
        <source>Reject registration</source>
        <translation>拒绝注册</translation>
    </message>
    <message>
        <source>Why is %1 rejected? The reason is kept in the event log.</source>
        <translation>为什么拒绝 %1？原因将记录在事件日志中。</translation>
    </message>
    <message numerus="yes">
        <source>Why are these %n vehicles rejected? The reason is kept in the event log.</source>
        <translation>
            <numerusform>为什么拒绝这 %n 辆车？原因将记录在事件日志中。</numerusform>
        </translation>
    </message>
    <message>
        <source>Unknown vehicle</source>
        <translation>未知车辆</translation>
    </message>
    <message>
        <source>Reject</source>
        <translation>拒绝</translation>
    </message>
    <message>
        <source>Rejected %1.</source>
        <translation>已拒绝 %1。</translation>
    </message>
    <message numerus="yes">
        <source>Rejected %n vehicles.</source>
        <translation>
            <numerusform>已拒绝 %n 辆车。</numerusform>
        </translation>
    </message>
    <message>
        <source>Could not reject %1</source>
        <translation>无法拒绝：%1</translation>
    </message>
</context>
<context>
    <name>flotilla::ui::RegistrationTableModel</name>
    <message>
        <source>The vehicle sent no enrollment proof</source>
        <translation>车辆未发送注册证明</translation>
    </message>
    <message>
        <source>The vehicle&apos;s enrollment proof does not match the enrollment key (old key or wrong VIN/DevID?)</source>
        <translation>车辆的注册证明与注册密钥不匹配（旧密钥或 VIN/DevID 错误？）</translation>
    </message>
    <message>
        <source>VIN</source>
        <translation>VIN</translation>
    </message>
    <message>
        <source>DevID</source>
        <translation>DevID</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>型号</translation>
    </message>
    <message>
        <source>Proof</source>
        <translation>证明</translation>
    </message>
    <message>
        <source>Requested at</source>
        <translation>请求时间</translation>
    </message>
    <message>
        <source>Peer address</source>
        <translation>对端地址</translation>
    </message>
    <message>
        <source>Vehicle identification number the vehicle registered with</source>
        <translation>车辆注册时使用的车辆识别号</translation>
    </message>
    <message>
        <source>Device ID of the vehicle&apos;s DM client</source>
        <translation>车辆 DM 客户端的设备 ID</translation>
    </message>
    <message>
        <source>Model from the DevInfo the vehicle sent</source>
        <translation>车辆发送的 DevInfo 中的型号</translation>
    </message>
    <message>
        <source>Enrollment proof status: missing or invalid (valid proofs are accepted automatically)</source>
        <translation>注册证明状态：缺失或无效（有效证明会被自动接受）</translation>
    </message>
    <message>
        <source>When the vehicle asked to register</source>
        <translation>车辆请求注册的时间</translation>
    </message>
    <message>
        <source>Network address the request came from</source>
        <translation>请求来源的网络地址</translation>
    </message>
</context>
<context>
    <name>flotilla::ui::RegistrationsPage</name>
    <message>
        <source>&amp;Accept</source>
        <translation>接受(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Reject…</source>
        <translation>拒绝(&amp;R)…</translation>
    </message>
    <message>
        <source>Vehicles that registered without a valid enrollment proof wait here. Accept a vehicle you recognise: it receives its token the next time it registers. Reject the others; their requests are refused from then on.</source>
        <translation>未携带有效注册证明进行注册的车辆在此等待。接受您认识的车辆：它将在下次注册时获得令牌。拒绝其他车辆；此后它们的请求将被拒绝。</translation>
    </message>
    <message>
        <source>No registration requests are waiting.
Vehicles that register with a valid enrollment proof are accepted automatically.</source>
        <translation>没有等待处理的注册请求。
携带有效注册证明的车辆会被自动接受。</translation>
    </message>
    <message>
        <source>Accept the selected vehicles (Ctrl+Return)</source>
        <translation>接受所选车辆（Ctrl+Return）</translation>
    </message>
    <message>
        <source>Reject the selected vehicles; you will be asked for a reason (Delete)</source>
        <translation>拒绝所选车辆；系统会要求您填写原因（Delete）</translation>
    </message>
    <message>
        <source>Could not load registration requests: %1</source>
        <translation>无法加载注册请求：%1</translation>
    </message>
</context>
<context>
    <name>flotilla::ui::ServerStatusDialog</name>
    <message>
        <source>Server status</source>
        <translation>服务器状态</translation>
    </message>
    <message>
        <source>Server ID</source>
        <translation>服务器 ID</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <source>Device endpoint</source>
        <translation>设备端点</translation>
    </message>
    <message>
        <source>Management API</source>
        <translation>管理 API</translation>
    </message>
    <message>
        <source>Data folder</source>
        <translation>数据文件夹</translation>
    </message>
    <message>
        <source>Running since</source>
        <translation>运行起始时间</translation>
    </message>
    <message>
        <source>Poll interval</source>
        <translation>轮询间隔</translation>
    </message>
    <message>
        <source>Vehicles</source>
        <translation>车辆</translation>
    </message>
    <message>
        <source>Accepted</source>
        <translation>已接受</translation>
    </message>
    <message>
        <source>Never accepted</source>
        <translation>从未接受</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>已拒绝</translation>
    </message>
    <message>
        <source>Blocked or wiped</source>
        <translation>已封锁或已擦除</translation>
    </message>
    <message>
        <source>Pending registrations</source>
        <translation>待处理的注册</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>在线</translation>
    </message>
    <message>
        <source>DM sessions since start</source>
        <translation>启动以来的 DM 会话</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <source>Could not read the server status: %1</source>
        <translation>无法读取服务器状态：%1</translation>
    </message>
    <message numerus="yes">
        <source>%n s</source>
        <translation>
            <numerusform>%n 秒</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>flotilla::ui::Text</name>
    <message>
        <source>Pending</source>
        <translation>待处理</translation>
    </message>
    <message>
        <source>Accepted</source>
        <translation>已接受</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>已拒绝</translation>
    </message>
    <message>
        <source>Blocked</source>
        <translation>已封锁</translation>
    </message>
    <message>
        <source>Wiped</source>
        <translation>已擦除</translation>
    </message>
    <message>
        <source>Registered without a valid enrollment proof; waiting for an operator to accept or reject it</source>
        <translation>未携带有效注册证明注册；等待操作员接受或拒绝</translation>
    </message>
    <message>
        <source>Accepted: the vehicle holds a token and checks in</source>
        <translation>已接受：车辆持有令牌并定期签到</translation>
    </message>
    <message>
        <source>Rejected by an operator: the vehicle&apos;s requests are refused</source>
        <translation>已被操作员拒绝：车辆的请求将被拒绝</translation>
    </message>
    <message>
        <source>Blocked by an operator: the vehicle&apos;s requests are refused</source>
        <translation>已被操作员封锁：车辆的请求将被拒绝</translation>
    </message>
    <message>
        <source>Wiped: the vehicle was told to erase its data and is no longer managed</source>
        <translation>已擦除：车辆已被指示清除其数据，不再受管理</translation>
    </message>
    <message>
        <source>Token issued</source>
        <translation>已签发令牌</translation>
    </message>
    <message>
        <source>valid</source>
        <translation>有效</translation>
    </message>
    <message>
        <source>missing</source>
        <translation>缺失</translation>
    </message>
    <message>
        <source>invalid</source>
        <translation>无效</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>进行中</translation>
    </message>
    <message>
        <source>Ended</source>
        <translation>已结束</translation>
    </message>
    <message>
        <source>Abandoned</source>
        <translation>已放弃</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>在线</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <source>never</source>
        <translation>从未</translation>
    </message>
    <message>
        <source>just now</source>
        <translation>刚刚</translation>
    </message>
    <message numerus="yes">
        <source>%n s ago</source>
        <translation>
            <numerusform>%n 秒前</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n min ago</source>
        <translation>
            <numerusform>%n 分钟前</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n h ago</source>
        <translation>
            <numerusform>%n 小时前</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n d ago</source>
        <translation>
            <numerusform>%n 天前</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>flotilla::ui::VehicleDetailsPanel</name>
    <message>
        <source>Accept</source>
        <translation>接受</translation>
    </message>
    <message>
        <source>Accept this vehicle&apos;s registration: it receives a token at its next registration</source>
        <translation>接受此车辆的注册：它将在下次注册时获得令牌</translation>
    </message>
    <message>
        <source>Reject…</source>
        <translation>拒绝…</translation>
    </message>
    <message>
        <source>Reject this vehicle&apos;s registration; you will be asked for a reason</source>
        <translation>拒绝此车辆的注册；系统会要求您填写原因</translation>
    </message>
    <message>
        <source>VIN</source>
        <translation>VIN</translation>
    </message>
    <message>
        <source>DevID</source>
        <translation>DevID</translation>
    </message>
    <message>
        <source>Manufacturer</source>
        <translation>制造商</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>型号</translation>
    </message>
    <message>
        <source>OEM</source>
        <translation>OEM</translation>
    </message>
    <message>
        <source>Device type</source>
        <translation>设备类型</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>DM version</source>
        <translation>DM 版本</translation>
    </message>
    <message>
        <source>Identity</source>
        <translation>标识</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Last seen</source>
        <translation>上次在线</translation>
    </message>
    <message>
        <source>Last address</source>
        <translation>上次地址</translation>
    </message>
    <message>
        <source>Sessions</source>
        <translation>会话</translation>
    </message>
    <message>
        <source>Reported MOs</source>
        <translation>已上报的 MO</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>Firmware (FwV)</source>
        <translation>固件（FwV）</translation>
    </message>
    <message>
        <source>Software (SwV)</source>
        <translation>软件（SwV）</translation>
    </message>
    <message>
        <source>Hardware (HwV)</source>
        <translation>硬件（HwV）</translation>
    </message>
    <message>
        <source>RXSWIN</source>
        <translation>RXSWIN</translation>
    </message>
    <message>
        <source>Codecs</source>
        <translation>编解码器</translation>
    </message>
    <message>
        <source>Delta memory</source>
        <translation>差分内存</translation>
    </message>
    <message>
        <source>Regulation X Software Identification Numbers (UNECE R156) the vehicle reports</source>
        <translation>车辆上报的法规 X 软件识别号（UNECE R156）</translation>
    </message>
    <message>
        <source>Memory the vehicle can spend on applying a delta update</source>
        <translation>车辆应用差分升级时可使用的内存</translation>
    </message>
    <message>
        <source>Software and update capabilities</source>
        <translation>软件与升级能力</translation>
    </message>
    <message>
        <source>ECU</source>
        <translation>ECU</translation>
    </message>
    <message>
        <source>Hardware ID</source>
        <translation>硬件 ID</translation>
    </message>
    <message>
        <source>Software version</source>
        <translation>软件版本</translation>
    </message>
    <message>
        <source>ECUs</source>
        <translation>ECU</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Registered</source>
        <translation>注册时间</translation>
    </message>
    <message>
        <source>Enrollment proof</source>
        <translation>注册证明</translation>
    </message>
    <message>
        <source>Requested</source>
        <translation>请求时间</translation>
    </message>
    <message>
        <source>From address</source>
        <translation>来源地址</translation>
    </message>
    <message>
        <source>Decided</source>
        <translation>决定</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Registration</source>
        <translation>注册</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <source>Packages</source>
        <translation>数据包</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Recent sessions</source>
        <translation>最近的会话</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Actor</source>
        <translation>执行者</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>摘要</translation>
    </message>
    <message>
        <source>Recent events</source>
        <translation>最近的事件</translation>
    </message>
    <message>
        <source>Select a vehicle to see its details.</source>
        <translation>选择一辆车以查看其详细信息。</translation>
    </message>
    <message>
        <source>Loading %1…</source>
        <translation>正在加载 %1…</translation>
    </message>
    <message>
        <source>Vehicle %1 is not in the store.</source>
        <translation>存储中没有车辆 %1。</translation>
    </message>
    <message>
        <source>Could not load %1: %2</source>
        <translation>无法加载 %1：%2</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>%1 MiB</source>
        <translation>%1 MiB</translation>
    </message>
    <message>
        <source>%1 by %2 (%3)</source>
        <translation>%1，由 %2 决定（%3）</translation>
    </message>
    <message>
        <source>Not yet decided</source>
        <translation>尚未决定</translation>
    </message>
</context>
<context>
    <name>flotilla::ui::VehicleFeed</name>
    <message>
        <source>Could not load the vehicle list: %1</source>
        <translation>无法加载车辆列表：%1</translation>
    </message>
    <message>
        <source>Could not refresh vehicles: %1</source>
        <translation>无法刷新车辆：%1</translation>
    </message>
</context>
<context>
    <name>flotilla::ui::VehicleTableModel</name>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>Firmware %1, software %2, hardware %3</source>
        <translation>固件 %1，软件 %2，硬件 %3</translation>
    </message>
    <message>
        <source>Never checked in</source>
        <translation>从未签到</translation>
    </message>
    <message>
        <source>%1 from %2</source>
        <translation>%1，来自 %2</translation>
    </message>
    <message>
        <source>VIN</source>
        <translation>VIN</translation>
    </message>
    <message>
        <source>DevID</source>
        <translation>DevID</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>型号</translation>
    </message>
    <message>
        <source>OEM</source>
        <translation>OEM</translation>
    </message>
    <message>
        <source>FwV / SwV</source>
        <translation>FwV / SwV</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>在线</translation>
    </message>
    <message>
        <source>Last seen</source>
        <translation>上次在线</translation>
    </message>
    <message>
        <source>Sessions</source>
        <translation>会话</translation>
    </message>
    <message>
        <source>Vehicle identification number (ISO 3779)</source>
        <translation>车辆识别号（ISO 3779）</translation>
    </message>
    <message>
        <source>Device ID of the vehicle&apos;s DM client (DevInfo/DevID)</source>
        <translation>车辆 DM 客户端的设备 ID（DevInfo/DevID）</translation>
    </message>
    <message>
        <source>Model reported by the vehicle (DevInfo/Mod)</source>
        <translation>车辆上报的型号（DevInfo/Mod）</translation>
    </message>
    <message>
        <source>OEM reported by the vehicle (DevInfo/OEM)</source>
        <translation>车辆上报的 OEM（DevInfo/OEM）</translation>
    </message>
    <message>
        <source>Firmware and software version reported by the vehicle (DevInfo/FwV and SwV)</source>
        <translation>车辆上报的固件和软件版本（DevInfo/FwV 和 SwV）</translation>
    </message>
    <message>
        <source>Registration state: pending, accepted, rejected, blocked or wiped</source>
        <translation>注册状态：待处理、已接受、已拒绝、已封锁或已擦除</translation>
    </message>
    <message>
        <source>Online when the vehicle checked in recently</source>
        <translation>车辆最近签到过即为在线</translation>
    </message>
    <message>
        <source>Time since the vehicle&apos;s last request to the device endpoint</source>
        <translation>自车辆上次请求设备端点以来的时间</translation>
    </message>
    <message>
        <source>DM sessions the vehicle has opened</source>
        <translation>车辆已发起的 DM 会话数</translation>
    </message>
</context>
<context>
    <name>flotilla::ui::VehiclesPage</name>
    <message>
        <source>Filter by VIN, DevID, model or OEM (Ctrl+F)</source>
        <translation>按 VIN、DevID、型号或 OEM 筛选（Ctrl+F）</translation>
    </message>
    <message>
        <source>Shows vehicles whose VIN, DevID, model or OEM contains this text</source>
        <translation>显示 VIN、DevID、型号或 OEM 中包含此文本的车辆</translation>
    </message>
    <message>
        <source>Show only vehicles in this registration state</source>
        <translation>仅显示处于此注册状态的车辆</translation>
    </message>
    <message>
        <source>All states</source>
        <translation>所有状态</translation>
    </message>
    <message>
        <source>Vehicles: %1</source>
        <translation>车辆：%1</translation>
    </message>
    <message>
        <source>Showing %1 of %2</source>
        <translation>显示 %1 / %2</translation>
    </message>
    <message>
        <source>%1 (loading…)</source>
        <translation>%1（正在加载…）</translation>
    </message>
    <message>
        <source>Loading vehicles…</source>
        <translation>正在加载车辆…</translation>
    </message>
    <message>
        <source>No vehicles yet — vehicles appear here when they register.
Demo fleet: Fleet ▸ Demo fleet.</source>
        <translation>暂无车辆——车辆注册后会显示在这里。
演示车队：车队 ▸ 演示车队。</translation>
    </message>
    <message>
        <source>No vehicle matches the filter.</source>
        <translation>没有符合筛选条件的车辆。</translation>
    </message>
    <message numerus="yes">
        <source>Accept %n registrations</source>
        <translation>
            <numerusform>接受 %n 个注册</numerusform>
        </translation>
    </message>
    <message>
        <source>Accept registration</source>
        <translation>接受注册</translation>
    </message>
    <message numerus="yes">
        <source>Reject %n registrations…</source>
        <translation>
            <numerusform>拒绝 %n 个注册…</numerusform>
        </translation>
    </message>
    <message>
        <source>Reject registration…</source>
        <translation>拒绝注册…</translation>
    </message>
    <message numerus="yes">
        <source>Copy %n VINs</source>
        <translation>
            <numerusform>复制 %n 个 VIN</numerusform>
        </translation>
    </message>
    <message>
        <source>Copy VIN</source>
        <translation>复制 VIN</translation>
    </message>
</context>
</TS>
