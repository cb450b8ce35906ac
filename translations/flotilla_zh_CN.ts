<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>flotilla::ui::AssignDialog</name>
    <message>
        <source>Assign</source>
        <translation>分配</translation>
    </message>
    <message>
        <source>Update %1</source>
        <translation>升级 %1</translation>
    </message>
    <message>
        <source>Update vehicles</source>
        <translation>升级车辆</translation>
    </message>
    <message>
        <source>Filter by VIN or model</source>
        <translation>按 VIN 或型号筛选</translation>
    </message>
    <message>
        <source>Check all</source>
        <translation>全选</translation>
    </message>
    <message>
        <source>Check none</source>
        <translation>全不选</translation>
    </message>
    <message>
        <source>Loading releases…</source>
        <translation>正在加载发布版本…</translation>
    </message>
    <message>
        <source>Release:</source>
        <translation>发布版本：</translation>
    </message>
    <message>
        <source>Could not load the releases: %1</source>
        <translation>无法加载发布版本：%1</translation>
    </message>
    <message>
        <source>No releases yet: import one in Releases first.</source>
        <translation>暂无发布版本：请先在“发布版本”中导入。</translation>
    </message>
    <message>
        <source>%1 %2 (%3)</source>
        <translation>%1 %2（%3）</translation>
    </message>
    <message>
        <source>Installs %1 · release counter %2 · %3</source>
        <translation>安装 %1 · 发布计数器 %2 · %3</translation>
    </message>
    <message>
        <source>No vehicle in the inventory has the hardware of this release (%1).</source>
        <translation>清单中没有车辆具备此发布版本的硬件（%1）。</translation>
    </message>
    <message>
        <source>Assigning…</source>
        <translation>正在分配…</translation>
    </message>
    <message>
        <source>Nothing was assigned: %1</source>
        <translation>未分配任何内容：%1</translation>
    </message>
    <message>
        <source>Job %1: %2</source>
        <translation>任务 %1：%2</translation>
    </message>
    <message>
        <source>Refused: %1</source>
        <translation>已拒绝：%1</translation>
    </message>
    <message numerus="yes">
        <source>%n update jobs queued for %1.</source>
        <translation>
            <numerusform>已为 %1 排队 %n 个升级任务。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n vehicles refused; see Result.</source>
        <translation>
            <numerusform>%n 辆车被拒绝；请查看“结果”。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Assign to %n vehicles</source>
        <translation>
            <numerusform>分配给 %n 辆车</numerusform>
        </translation>
    </message>
    <message>
        <source>The release applies to none of these vehicles; the column What changes says why.</source>
        <translation>此发布版本不适用于这些车辆中的任何一辆；“变更内容”列说明了原因。</translation>
    </message>
    <message>
        <source>The release applies to %1 of %2 vehicles; %3 checked. Each checked vehicle gets an update job, delivered at its next session.</source>
        <translation>此发布版本适用于 %2 辆车中的 %1 辆；已勾选 %3 辆。每辆勾选的车辆都会获得一个升级任务，并在其下次会话时下发。</translation>
    </message>
</context>
<context>
    <name>flotilla::ui::AssignmentModel</name>
    <message>
        <source>VIN</source>
        <translation>VIN</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>型号</translation>
    </message>
    <message>
        <source>What changes</source>
        <translation>变更内容</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Not accepted (%1)</source>
        <translation>未接受（%1）</translation>
    </message>
    <message>
        <source>Busy with update job %1 (%2)</source>
        <translation>正在执行升级任务 %1（%2）</translation>
    </message>
    <message>
        <source>%1 %2 → %3</source>
        <translation>%1 %2 → %3</translation>
    </message>
    <message>
        <source>Already runs this release</source>
        <translation>已在运行此发布版本</translation>
    </message>
    <message>
        <source>No ECU with the release&apos;s hardware (%1)</source>
        <translation>没有与该发布版本硬件匹配的 ECU（%1）</translation>
    </message>
</context>
<context>
    <name>flotilla::ui::BulkCommandDialog</name>
    <message>
        <source>Target temperature:</source>
        <translation>目标温度：</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Send a command to %1</source>
        <translation>向 %1 发送命令</translation>
    </message>
    <message>
        <source>Send one command to the selected %1. Each vehicle gets its own command and answers for itself; a vehicle whose state forbids the command refuses it.</source>
        <translation>向所选的 %1 发送同一条命令。每辆车各自接收命令并单独应答；状态不允许执行该命令的车辆会拒绝执行。</translation>
    </message>
    <message>
        <source> °C</source>
        <translation> °C</translation>
    </message>
    <message>
        <source>Cabin temperature the climate control aims for (16-28 °C)</source>
        <translation>空调的目标车内温度（16-28 °C）</translation>
    </message>
    <message>
        <source>A vehicle that does not take the command within this time never runs it</source>
        <translation>车辆若未在此时间内接收命令，将永不执行该命令</translation>
    </message>
    <message>
        <source>1 minute</source>
        <translation>1 分钟</translation>
    </message>
    <message>
        <source>5 minutes</source>
        <translation>5 分钟</translation>
    </message>
    <message>
        <source>15 minutes</source>
        <translation>15 分钟</translation>
    </message>
    <message>
        <source>1 hour</source>
        <translation>1 小时</translation>
    </message>
    <message>
        <source>24 hours</source>
        <translation>24 小时</translation>
    </message>
    <message>
        <source>Every selected vehicle has its notification channel online: they get the command at once.</source>
        <translation>所有所选车辆的通知通道均在线：它们会立即收到命令。</translation>
    </message>
    <message>
        <source>%1 of %2 vehicles have their notification channel online and get the command at once; the others get it at their next check-in, if that comes before it expires.</source>
        <translation>%2 辆车中有 %1 辆的通知通道在线，将立即收到命令；其余车辆会在下次签到时收到，前提是签到发生在命令过期之前。</translation>
    </message>
    <message>
        <source>Command:</source>
        <translation>命令：</translation>
    </message>
    <message>
        <source>Expires after:</source>
        <translation>过期时间：</translation>
    </message>
    <message>
        <source>%v of %m finished</source>
        <translation>已完成 %v / %m</translation>
    </message>
    <message>
        <source>accepted</source>
        <translation>已接受</translation>
    </message>
    <message>
        <source>Send to %1</source>
        <translation>发送给 %1</translation>
    </message>
    <message>
        <source>Log in to send commands</source>
        <translation>登录后才能发送命令</translation>
    </message>
    <message>
        <source>Sending commands needs the engineer or administrator role; you are %1 (%2)</source>
        <translation>发送命令需要工程师或管理员角色；您是 %1（%2）</translation>
    </message>
    <message>
        <source>Queue %1 for every selected vehicle</source>
        <translation>为每辆所选车辆排队 %1</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>正在发送…</translation>
    </message>
    <message>
        <source>The server did not send the command: %1</source>
        <translation>服务器未发送该命令：%1</translation>
    </message>
    <message>
        <source>Could not send %1 to the selected vehicles: %2</source>
        <translation>无法向所选车辆发送 %1：%2</translation>
    </message>
    <message>
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
    </message>
    <message>
        <source>%1 (%2) → %3</source>
        <translation>%1（%2）→ %3</translation>
    </message>
    <message>
        <source>%1 queued for %2.</source>
        <translation>已为 %2 排队 %1。</translation>
    </message>
    <message>
        <source>Could not refresh the bulk command: %1</source>
        <translation>无法刷新批量命令：%1</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%2 %1</translation>
    </message>
    <message>
        <source>not sent</source>
        <translation>未发送</translation>
    </message>
</context>
<context>
    <name>flotilla::ui::BulkCommandModel</name>
    <message>
        <source>not sent</source>
        <translation>未发送</translation>
    </message>
    <message>
        <source>The server sent no command to this vehicle: %1</source>
        <translation>服务器未向此车辆发送命令：%1</translation>
    </message>
    <message>
        <source>VIN</source>
        <translation>VIN</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>更新时间</translation>
    </message>
    <message>
        <source>Vehicle identification number</source>
        <translation>车辆识别号</translation>
    </message>
    <message>
        <source>Where the vehicle&apos;s command stands: queued, sent, done, failed, refused, expired</source>
        <translation>该车辆命令的当前状态：排队中、已发送、已完成、失败、已拒绝、已过期</translation>
    </message>
    <message>
        <source>What the vehicle answered, or why the server sent it no command</source>
        <translation>车辆的应答，或服务器未向其发送命令的原因</translation>
    </message>
    <message>
        <source>When the command last changed state</source>
        <translation>命令上次状态变更的时间</translation>
    </message>
</context>
<context>
    <name>flotilla::ui::CampaignProgressPanel</name>
    <message>
        <source>Approval review</source>
        <translation>审批审查</translation>
    </message>
    <message>
        <source>Vehicles per wave</source>
        <translation>各批次车辆</translation>
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
        <source>Active</source>
        <translation>进行中</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>等待中</translation>
    </message>
    <message>
        <source>Result code</source>
        <translation>结果码</translation>
    </message>
    <message>
        <source>Meaning</source>
        <translation>含义</translation>
    </message>
    <message>
        <source>Vehicles</source>
        <translation>车辆</translation>
    </message>
    <message>
        <source>Changes since the last approval:</source>
        <translation>自上次批准以来的变更：</translation>
    </message>
    <message>
        <source>Failures by result code:</source>
        <translation>按结果码统计的失败：</translation>
    </message>
    <message>
        <source>Select a campaign to follow its progress.</source>
        <translation>选择一个升级活动以跟踪其进度。</translation>
    </message>
    <message>
        <source>%1 · %2 · revision %3</source>
        <translation>%1 · %2 · 修订版 %3</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>&lt;b&gt;Vehicles&lt;/b&gt; %1</source>
        <translation>&lt;b&gt;车辆&lt;/b&gt; %1</translation>
    </message>
    <message>
        <source>&lt;br&gt;&lt;b&gt;Jobs&lt;/b&gt; %1</source>
        <translation>&lt;br&gt;&lt;b&gt;任务&lt;/b&gt; %1</translation>
    </message>
    <message>
        <source>&lt;br&gt;&lt;b&gt;Reason&lt;/b&gt; %1</source>
        <translation>&lt;br&gt;&lt;b&gt;原因&lt;/b&gt; %1</translation>
    </message>
    <message>
        <source>Wave %1</source>
        <translation>第 %1 批</translation>
    </message>
    <message>
        <source>No result code (expired, cancelled or refused)</source>
        <translation>无结果码（已过期、已取消或已拒绝）</translation>
    </message>
    <message>
        <source>First submission: never approved before.</source>
        <translation>首次提交：此前从未获批。</translation>
    </message>
    <message>
        <source>No changes.</source>
        <translation>无变更。</translation>
    </message>
    <message>
        <source>Dry run…</source>
        <translation>试运行…</translation>
    </message>
    <message>
        <source>Dry run failed: %1</source>
        <translation>试运行失败：%1</translation>
    </message>
    <message>
        <source>%1: …</source>
        <translation>%1：…</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;: %2</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;：%2</translation>
    </message>
</context>
<context>
    <name>flotilla::ui::CampaignTableModel</name>
    <message>
        <source>Draft</source>
        <translation>草稿</translation>
    </message>
    <message>
        <source>Pending approval</source>
        <translation>待审批</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>已批准</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>Halted</source>
        <translation>已中止</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>等待中</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>进行中</translation>
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
        <source>Skipped</source>
        <translation>已跳过</translation>
    </message>
    <message>
        <source>viewer</source>
        <translation>查看者</translation>
    </message>
    <message>
        <source>engineer</source>
        <translation>工程师</translation>
    </message>
    <message>
        <source>approver</source>
        <translation>审批人</translation>
    </message>
    <message>
        <source>administrator</source>
        <translation>管理员</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <source>Submit</source>
        <translation>提交</translation>
    </message>
    <message>
        <source>Approve</source>
        <translation>批准</translation>
    </message>
    <message>
        <source>Reject</source>
        <translation>拒绝</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>启动</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Retry failed</source>
        <translation>重试失败项</translation>
    </message>
    <message>
        <source>Halt</source>
        <translation>中止</translation>
    </message>
    <message>
        <source>Complete</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>#%1</source>
        <translation>#%1</translation>
    </message>
    <message>
        <source>%1/%2</source>
        <translation>%1/%2</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Release</source>
        <translation>发布版本</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Wave</source>
        <translation>批次</translation>
    </message>
    <message>
        <source>Author</source>
        <translation>创建者</translation>
    </message>
    <message>
        <source>Approver</source>
        <translation>审批人</translation>
    </message>
</context>
<context>
    <name>flotilla::ui::CampaignVehicleModel</name>
    <message>
        <source>%1 %2 %</source>
        <translation>%1 %2%</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>VIN</source>
        <translation>VIN</translation>
    </message>
    <message>
        <source>Wave</source>
        <translation>批次</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Job</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>Downloaded</source>
        <translation>已下载</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>尝试次数</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
</context>
<context>
    <name>flotilla::ui::CampaignWizard</name>
    <message>
        <source>As the release says</source>
        <translation>按发布版本的设定</translation>
    </message>
    <message>
        <source>Required</source>
        <translation>需要</translation>
    </message>
    <message>
        <source>Not required</source>
        <translation>不需要</translation>
    </message>
    <message>
        <source>New campaign</source>
        <translation>新建升级活动</translation>
    </message>
    <message>
        <source>Create and submit</source>
        <translation>创建并提交</translation>
    </message>
    <message>
        <source>Release</source>
        <translation>发布版本</translation>
    </message>
    <message>
        <source>Name the campaign and choose the release it rolls out.</source>
        <translation>为升级活动命名，并选择要推送的发布版本。</translation>
    </message>
    <message>
        <source>e.g. Head unit 1.3.0, Europe</source>
        <translation>例如：车机 1.3.0，欧洲</translation>
    </message>
    <message>
        <source>Loading releases…</source>
        <translation>正在加载发布版本…</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>名称(&amp;N)：</translation>
    </message>
    <message>
        <source>&amp;Release:</source>
        <translation>发布版本(&amp;R)：</translation>
    </message>
    <message>
        <source>Targets</source>
        <translation>目标</translation>
    </message>
    <message>
        <source>Each filter matches any of its values (comma-separated); filters combine. No filter at all targets the whole accepted fleet; VINs are added to what the filters match.</source>
        <translation>每个筛选条件匹配其任一取值（以逗号分隔）；多个筛选条件同时生效。不设任何筛选条件时，目标为全部已接受车辆；VIN 会追加到筛选结果中。</translation>
    </message>
    <message>
        <source>any OEM</source>
        <translation>任意 OEM</translation>
    </message>
    <message>
        <source>any model</source>
        <translation>任意型号</translation>
    </message>
    <message>
        <source>any hardware id</source>
        <translation>任意硬件 ID</translation>
    </message>
    <message>
        <source>any version of the targeted ECU</source>
        <translation>目标 ECU 的任意版本</translation>
    </message>
    <message>
        <source>any tag</source>
        <translation>任意标签</translation>
    </message>
    <message>
        <source>VINs, one per line or comma-separated</source>
        <translation>VIN，每行一个或以逗号分隔</translation>
    </message>
    <message>
        <source>Add vehicles that match later to the last wave</source>
        <translation>将之后匹配的车辆加入最后一个批次</translation>
    </message>
    <message>
        <source>&amp;OEM:</source>
        <translation>OEM(&amp;O)：</translation>
    </message>
    <message>
        <source>&amp;Model:</source>
        <translation>型号(&amp;M)：</translation>
    </message>
    <message>
        <source>&amp;Hardware id:</source>
        <translation>硬件 ID(&amp;H)：</translation>
    </message>
    <message>
        <source>&amp;Version:</source>
        <translation>版本(&amp;V)：</translation>
    </message>
    <message>
        <source>&amp;Tags:</source>
        <translation>标签(&amp;T)：</translation>
    </message>
    <message>
        <source>V&amp;INs:</source>
        <translation>VIN(&amp;I)：</translation>
    </message>
    <message>
        <source>Matching:</source>
        <translation>匹配：</translation>
    </message>
    <message>
        <source>Waves and thresholds</source>
        <translation>批次与阈值</translation>
    </message>
    <message>
        <source>Waves grow the rollout step by step; a wave that fails too often halts the campaign before the next one starts.</source>
        <translation>批次让推送逐步扩大；失败过多的批次会在下一批次开始前中止升级活动。</translation>
    </message>
    <message>
        <source>Cumulative shares of the targets in %, ascending, ending at 100</source>
        <translation>目标的累计占比（%），升序，以 100 结尾</translation>
    </message>
    <message>
        <source>no limit</source>
        <translation>无限制</translation>
    </message>
    <message>
        <source>Download only (install with a later campaign)</source>
        <translation>仅下载（通过后续升级活动安装）</translation>
    </message>
    <message>
        <source>&amp;Waves (cumulative %):</source>
        <translation>批次（累计 %）(&amp;W)：</translation>
    </message>
    <message>
        <source>&amp;Success needed per wave:</source>
        <translation>每批次所需成功率(&amp;S)：</translation>
    </message>
    <message>
        <source>Halt after &amp;failures (count):</source>
        <translation>失败数达到后中止(&amp;F)：</translation>
    </message>
    <message>
        <source>Halt after failures (&amp;share):</source>
        <translation>失败占比达到后中止(&amp;S)：</translation>
    </message>
    <message>
        <source>&amp;Retries per vehicle:</source>
        <translation>每辆车重试次数(&amp;R)：</translation>
    </message>
    <message>
        <source>Schedule, consent and preconditions</source>
        <translation>计划、同意与前提条件</translation>
    </message>
    <message>
        <source>Start by hand after approval</source>
        <translation>批准后手动启动</translation>
    </message>
    <message>
        <source>Maintenance window: notify vehicles only inside it</source>
        <translation>维护窗口：仅在窗口内通知车辆</translation>
    </message>
    <message>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <source>Time:</source>
        <translation>时间：</translation>
    </message>
    <message>
        <source>Days (none: every day):</source>
        <translation>日期（不选：每天）：</translation>
    </message>
    <message>
        <source>Time zone:</source>
        <translation>时区：</translation>
    </message>
    <message>
        <source>Owner&apos;s consent required</source>
        <translation>需要车主同意</translation>
    </message>
    <message>
        <source>No consent needed</source>
        <translation>无需同意</translation>
    </message>
    <message>
        <source> h</source>
        <translation> 小时</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Start:</source>
        <translation>启动：</translation>
    </message>
    <message>
        <source>&amp;Consent:</source>
        <translation>同意(&amp;C)：</translation>
    </message>
    <message>
        <source>Consent &amp;deadline:</source>
        <translation>同意截止时间(&amp;D)：</translation>
    </message>
    <message>
        <source>&amp;Reminders every:</source>
        <translation>提醒间隔(&amp;R)：</translation>
    </message>
    <message>
        <source>Minimum &amp;battery:</source>
        <translation>最低电量(&amp;B)：</translation>
    </message>
    <message>
        <source>&amp;Parked:</source>
        <translation>驻车(&amp;P)：</translation>
    </message>
    <message>
        <source>&amp;Ignition off:</source>
        <translation>点火关闭(&amp;I)：</translation>
    </message>
    <message>
        <source>Dry run</source>
        <translation>试运行</translation>
    </message>
    <message>
        <source>What the campaign would do if it ran now. Create and submit sends it to an approver.</source>
        <translation>显示升级活动若现在运行将执行的操作。“创建并提交”会将其发送给审批人。</translation>
    </message>
    <message>
        <source>Could not load the releases: %1</source>
        <translation>无法加载发布版本：%1</translation>
    </message>
    <message>
        <source>No release imported yet</source>
        <translation>尚未导入发布版本</translation>
    </message>
    <message>
        <source>Waves are cumulative percentages from 1 to 100 or vehicle counts, e.g. “1, 10, 50, 100” or “5 vehicles, 20 vehicles, rest”.</source>
        <translation>批次为 1 到 100 的累计百分比或车辆数，例如“1, 10, 50, 100”或“5 vehicles, 20 vehicles, rest”。</translation>
    </message>
    <message>
        <source>The last wave must reach 100 % (or be “rest”) so that every target is covered.</source>
        <translation>最后一个批次必须达到 100 %（或为“rest”），以覆盖所有目标。</translation>
    </message>
    <message numerus="yes">
        <source>%n vehicle(s)</source>
        <translation>
            <numerusform>%n 辆车</numerusform>
        </translation>
    </message>
    <message>
        <source>Edit campaign “%1”</source>
        <translation>编辑升级活动“%1”</translation>
    </message>
    <message>
        <source>Save and submit</source>
        <translation>保存并提交</translation>
    </message>
    <message>
        <source>Saving submits the draft for approval.</source>
        <translation>保存后草稿将提交审批。</translation>
    </message>
    <message>
        <source>Save changes</source>
        <translation>保存更改</translation>
    </message>
    <message>
        <source>The campaign waits for approval; the approver will see this revision and what changed.</source>
        <translation>升级活动正在等待审批；审批人将看到此修订版及其变更内容。</translation>
    </message>
    <message>
        <source>Save and send to approval</source>
        <translation>保存并送审</translation>
    </message>
    <message>
        <source>This campaign is %1. Saving sends it back to approval: it does not run again until an approver other than its author approves the changes.</source>
        <translation>此升级活动当前为“%1”。保存后将重新送审：在非创建者的审批人批准变更之前，它不会再次运行。</translation>
    </message>
    <message>
        <source>What the campaign would do with these settings if it ran now. Nothing is saved until you finish.</source>
        <translation>显示升级活动按这些设置若现在运行将执行的操作。在您完成之前不会保存任何内容。</translation>
    </message>
    <message>
        <source>Counting…</source>
        <translation>正在统计…</translation>
    </message>
    <message>
        <source>Cannot count: %1</source>
        <translation>无法统计：%1</translation>
    </message>
    <message numerus="yes">
        <source>%n vehicle(s) match</source>
        <translation>
            <numerusform>%n 辆车匹配</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n compatible</source>
        <translation>
            <numerusform>%n 辆兼容</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n blocked</source>
        <translation>
            <numerusform>%n 辆受阻</numerusform>
        </translation>
    </message>
    <message>
        <source>Saved as draft #%1.</source>
        <translation>已保存为草稿 #%1。</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <source>Could not save: %1</source>
        <translation>无法保存：%1</translation>
    </message>
    <message>
        <source>Submitting…</source>
        <translation>正在提交…</translation>
    </message>
    <message>
        <source>Could not submit: %1</source>
        <translation>无法提交：%1</translation>
    </message>
</context>
<context>
    <name>flotilla::ui::CampaignsPage</name>
    <message>
        <source>New campaign…</source>
        <translation>新建升级活动…</translation>
    </message>
    <message>
        <source>Plan a staged rollout: release, targets, waves, schedule, dry run</source>
        <translation>规划分批推送：发布版本、目标、批次、计划、试运行</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>编辑…</translation>
    </message>
    <message>
        <source>Not logged in</source>
        <translation>未登录</translation>
    </message>
    <message>
        <source>Acting as %1 (%2)</source>
        <translation>当前身份：%1（%2）</translation>
    </message>
    <message>
        <source>Could not load the campaigns: %1</source>
        <translation>无法加载升级活动：%1</translation>
    </message>
    <message>
        <source>Reject campaign</source>
        <translation>拒绝升级活动</translation>
    </message>
    <message>
        <source>Why is the campaign rejected? The author sees this reason.</source>
        <translation>为什么拒绝此升级活动？创建者将看到此原因。</translation>
    </message>
    <message>
        <source>A rejection needs a reason.</source>
        <translation>拒绝时必须填写原因。</translation>
    </message>
    <message>
        <source>%1 refused: %2</source>
        <translation>“%1”被拒绝：%2</translation>
    </message>
    <message>
        <source>%1: campaign “%2” is now %3.</source>
        <translation>%1：升级活动“%2”现为%3。</translation>
    </message>
    <message>
        <source>Finish or close the open campaign wizard first.</source>
        <translation>请先完成或关闭已打开的升级活动向导。</translation>
    </message>
    <message>
        <source>Campaign “%1” saved; it waits for approval again.</source>
        <translation>升级活动“%1”已保存，正在重新等待审批。</translation>
    </message>
    <message>
        <source>Campaign “%1” saved.</source>
        <translation>升级活动“%1”已保存。</translation>
    </message>
    <message>
        <source>Campaign “%1” submitted for approval.</source>
        <translation>升级活动“%1”已提交审批。</translation>
    </message>
</context>
<context>
    <name>flotilla::ui::CommandController</name>
    <message>
        <source>Log in to send commands</source>
        <translation>登录后才能发送命令</translation>
    </message>
    <message>
        <source>Only an administrator may wipe or reset a vehicle; you are logged in as %1 (%2)</source>
        <translation>只有管理员可以擦除或重置车辆；您当前以 %1（%2）身份登录</translation>
    </message>
    <message>
        <source>Sending commands needs the engineer or administrator role; you are logged in as %1 (%2)</source>
        <translation>发送命令需要工程师或管理员角色；您当前以 %1（%2）身份登录</translation>
    </message>
    <message>
        <source>Could not send %1 to %2: %3</source>
        <translation>无法向 %2 发送 %1：%3</translation>
    </message>
    <message>
        <source>%1 queued for %2.</source>
        <translation>已为 %2 排队 %1。</translation>
    </message>
</context>
<context>
    <name>flotilla::ui::CommandHistoryModel</name>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Command</source>
        <translation>命令</translation>
    </message>
    <message>
        <source>Arguments</source>
        <translation>参数</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>操作员</translation>
    </message>
    <message>
        <source>When the operator sent the command</source>
        <translation>操作员发送命令的时间</translation>
    </message>
    <message>
        <source>What the vehicle was asked to do</source>
        <translation>要求车辆执行的操作</translation>
    </message>
    <message>
        <source>The command&apos;s arguments, such as the climate target temperature</source>
        <translation>命令的参数，例如空调目标温度</translation>
    </message>
    <message>
        <source>Queued, sent, accepted, done, failed, refused, expired or cancelled</source>
        <translation>排队中、已发送、已接受、已完成、失败、已拒绝、已过期或已取消</translation>
    </message>
    <message>
        <source>What the vehicle answered: the reason of a refusal or failure, a location, ...</source>
        <translation>车辆的应答：拒绝或失败的原因、位置等</translation>
    </message>
    <message>
        <source>The operator who sent it</source>
        <translation>发送该命令的操作员</translation>
    </message>
</context>
<context>
    <name>flotilla::ui::CommandText</name>
    <message>
        <source>Lock</source>
        <translation>上锁</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>解锁</translation>
    </message>
    <message>
        <source>Horn &amp; lights</source>
        <translation>鸣笛闪灯</translation>
    </message>
    <message>
        <source>Open trunk</source>
        <translation>打开后备箱</translation>
    </message>
    <message>
        <source>Climate on</source>
        <translation>开启空调</translation>
    </message>
    <message>
        <source>Climate off</source>
        <translation>关闭空调</translation>
    </message>
    <message>
        <source>Engine start</source>
        <translation>启动发动机</translation>
    </message>
    <message>
        <source>Engine stop</source>
        <translation>关闭发动机</translation>
    </message>
    <message>
        <source>Locate</source>
        <translation>定位</translation>
    </message>
    <message>
        <source>Fully lock</source>
        <translation>完全锁定</translation>
    </message>
    <message>
        <source>Partially lock</source>
        <translation>部分锁定</translation>
    </message>
    <message>
        <source>Unlock device</source>
        <translation>解除锁定</translation>
    </message>
    <message>
        <source>Wipe</source>
        <translation>擦除数据</translation>
    </message>
    <message>
        <source>Factory reset</source>
        <translation>恢复出厂设置</translation>
    </message>
    <message>
        <source>Read DTCs</source>
        <translation>读取故障码</translation>
    </message>
    <message>
        <source>Clear DTCs</source>
        <translation>清除故障码</translation>
    </message>
    <message>
        <source>Lock the doors</source>
        <translation>锁上车门</translation>
    </message>
    <message>
        <source>Unlock the doors</source>
        <translation>解锁车门</translation>
    </message>
    <message>
        <source>Sound the horn and flash the lights, to find the vehicle in a car park</source>
        <translation>鸣笛并闪灯，便于在停车场找到车辆</translation>
    </message>
    <message>
        <source>Open the trunk; the vehicle refuses above 3 km/h</source>
        <translation>打开后备箱；车速高于 3 km/h 时车辆会拒绝</translation>
    </message>
    <message>
        <source>Pre-condition the cabin to the target temperature</source>
        <translation>将车内预调节至目标温度</translation>
    </message>
    <message>
        <source>Switch the climate control off</source>
        <translation>关闭空调系统</translation>
    </message>
    <message>
        <source>Start the engine remotely; the vehicle refuses while driving or with the doors unlocked</source>
        <translation>远程启动发动机；行驶中或车门未锁时车辆会拒绝</translation>
    </message>
    <message>
        <source>Stop a remotely started engine</source>
        <translation>关闭远程启动的发动机</translation>
    </message>
    <message>
        <source>Ask the vehicle for a fresh GPS position</source>
        <translation>向车辆请求最新 GPS 位置</translation>
    </message>
    <message>
        <source>LAWMO: lock the head unit completely (stolen vehicle)</source>
        <translation>LAWMO：完全锁定车机（车辆被盗）</translation>
    </message>
    <message>
        <source>LAWMO: lock the head unit&apos;s user functions; emergency functions stay available</source>
        <translation>LAWMO：锁定车机的用户功能；紧急功能仍可用</translation>
    </message>
    <message>
        <source>LAWMO: lift a full or partial lock</source>
        <translation>LAWMO：解除完全或部分锁定</translation>
    </message>
    <message>
        <source>LAWMO: erase the owner&apos;s data (profiles, paired phones, addresses); only when parked</source>
        <translation>LAWMO：擦除车主数据（用户档案、已配对手机、地址）；仅限驻车时</translation>
    </message>
    <message>
        <source>LAWMO: reset the head unit to its factory state; only when parked</source>
        <translation>LAWMO：将车机恢复出厂设置；仅限驻车时</translation>
    </message>
    <message>
        <source>Read the diagnostic trouble codes the vehicle stores now</source>
        <translation>读取车辆当前存储的诊断故障码</translation>
    </message>
    <message>
        <source>Clear the vehicle&apos;s stored diagnostic trouble codes</source>
        <translation>清除车辆存储的诊断故障码</translation>
    </message>
    <message>
        <source>%1 °C</source>
        <translation>%1 °C</translation>
    </message>
    <message>
        <source>queued</source>
        <translation>排队中</translation>
    </message>
    <message>
        <source>sent</source>
        <translation>已发送</translation>
    </message>
    <message>
        <source>accepted</source>
        <translation>已接受</translation>
    </message>
    <message>
        <source>done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>refused</source>
        <translation>已拒绝</translation>
    </message>
    <message>
        <source>expired</source>
        <translation>已过期</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>Waiting for the vehicle&apos;s next session (at once when its notification channel is online)</source>
        <translation>等待车辆的下次会话（通知通道在线时立即下发）</translation>
    </message>
    <message>
        <source>Delivered to the vehicle; its answer has not arrived yet</source>
        <translation>已下发至车辆；尚未收到应答</translation>
    </message>
    <message>
        <source>The vehicle accepted it and reports the result when it is done</source>
        <translation>车辆已接受，完成后将上报结果</translation>
    </message>
    <message>
        <source>The vehicle carried it out</source>
        <translation>车辆已执行</translation>
    </message>
    <message>
        <source>The vehicle could not carry it out</source>
        <translation>车辆无法执行</translation>
    </message>
    <message>
        <source>The vehicle refused it: its current state does not allow it</source>
        <translation>车辆拒绝执行：其当前状态不允许</translation>
    </message>
    <message>
        <source>Not delivered or not answered before it expired; it will never run</source>
        <translation>过期前未下发或未获应答；将永不执行</translation>
    </message>
    <message>
        <source>Cancelled by an operator before delivery</source>
        <translation>在下发前被操作员取消</translation>
    </message>
    <message>
        <source>waits for the vehicle until %1</source>
        <translation>等待车辆至 %1</translation>
    </message>
    <message>
        <source>after %1</source>
        <translation>用时 %1</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>code %1</source>
        <translation>代码 %1</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>%1 (%2): %3</source>
        <translation>%1（%2）：%3</translation>
    </message>
    <message>
        <source>Result: %1</source>
        <translation>结果：%1</translation>
    </message>
    <message>
        <source>Sent by %1 at %2</source>
        <translation>由 %1 于 %2 发送</translation>
    </message>
    <message>
        <source>Delivered at %1</source>
        <translation>下发时间：%1</translation>
    </message>
    <message>
        <source>Finished at %1 (%2)</source>
        <translation>完成时间：%1（%2）</translation>
    </message>
    <message>
        <source>Expires at %1, in %2</source>
        <translation>过期时间：%1（%2 后）</translation>
    </message>
    <message>
        <source>Part of bulk send %1</source>
        <translation>属于批量发送 %1</translation>
    </message>
    <message>
        <source>Command %1</source>
        <translation>命令 %1</translation>
    </message>
    <message>
        <source>1 vehicle</source>
        <translation>1 辆车</translation>
    </message>
    <message numerus="yes">
        <source>%n vehicles</source>
        <translation>
            <numerusform>%n 辆车</numerusform>
        </translation>
    </message>
    <message>
        <source>1 trouble code</source>
        <translation>1 个故障码</translation>
    </message>
    <message numerus="yes">
        <source>%n trouble codes</source>
        <translation>
            <numerusform>%n 个故障码</numerusform>
        </translation>
    </message>
    <message>
        <source>Fully locked</source>
        <translation>已完全锁定</translation>
    </message>
    <message>
        <source>Partially locked</source>
        <translation>已部分锁定</translation>
    </message>
    <message>
        <source>Unlocked</source>
        <translation>未锁定</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>%1, %2</source>
        <translation>%1, %2</translation>
    </message>
</context>
<context>
    <name>flotilla::ui::DeltaBuilderDialog</name>
    <message>
        <source>&amp;Add</source>
        <translation>添加(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Build</source>
        <translation>构建(&amp;B)</translation>
    </message>
    <message>
        <source>&amp;Cancel build</source>
        <translation>取消构建(&amp;C)</translation>
    </message>
    <message>
        <source>Build deltas</source>
        <translation>构建差分包</translation>
    </message>
    <message>
        <source>Every target gets a full payload. Deltas are much smaller: one per version a vehicle runs now. Each is rebuilt here and checked against the target&apos;s SHA-256 before vehicles get it; one that saves less than 10 % is not used.</source>
        <translation>每个目标都会获得一个全量包。差分包要小得多：车辆当前运行的每个版本各一个。每个差分包都会在此重新构建并与目标的 SHA-256 比对，然后才下发给车辆；节省不足 10 % 的差分包不会被使用。</translation>
    </message>
    <message>
        <source>Build deltas from</source>
        <translation>构建差分包的源版本</translation>
    </message>
    <message>
        <source>Version no vehicle runs yet</source>
        <translation>尚无车辆运行的版本</translation>
    </message>
    <message>
        <source>Versions of these targets&apos; images the console holds; deltas need the source image</source>
        <translation>控制台中保存的这些目标的镜像版本；差分包需要源镜像</translation>
    </message>
    <message>
        <source>Build the full payloads and the checked deltas that are not built yet</source>
        <translation>构建全量包以及已勾选但尚未构建的差分包</translation>
    </message>
    <message>
        <source>Stop building this release&apos;s payloads; the ones already built stay</source>
        <translation>停止构建此发布版本的升级包；已构建的将保留</translation>
    </message>
    <message>
        <source>Nothing built for this release yet. Choose the versions and click Build; assigning the release to vehicles builds what they need too.</source>
        <translation>此发布版本尚未构建任何内容。请选择版本并点击“构建”；将发布版本分配给车辆时也会构建它们所需的内容。</translation>
    </message>
    <message>
        <source>Release:</source>
        <translation>发布版本：</translation>
    </message>
    <message>
        <source>Add a version:</source>
        <translation>添加版本：</translation>
    </message>
    <message>
        <source>The release is not in the store any more.</source>
        <translation>存储中已没有该发布版本。</translation>
    </message>
    <message>
        <source>Could not read the release&apos;s build plan: %1</source>
        <translation>无法读取发布版本的构建计划：%1</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>%1 (%2) → %3</source>
        <translation>%1（%2）→ %3</translation>
    </message>
    <message>
        <source>The full payload of %1 is always built</source>
        <translation>始终构建 %1 的全量包</translation>
    </message>
    <message>
        <source>vehicles run it</source>
        <translation>有车辆在运行</translation>
    </message>
    <message>
        <source>no vehicle runs an older version the console has an image of</source>
        <translation>没有车辆运行控制台存有镜像的旧版本</translation>
    </message>
    <message>
        <source>This release has no targets.</source>
        <translation>此发布版本没有目标。</translation>
    </message>
    <message>
        <source>added</source>
        <translation>已添加</translation>
    </message>
    <message>
        <source>The console holds no image of version %1 for these targets. Import a release with that version first: a delta is built from the image it starts from.</source>
        <translation>控制台中没有这些目标的版本 %1 的镜像。请先导入包含该版本的发布版本：差分包需基于其源镜像构建。</translation>
    </message>
    <message>
        <source>Added %1 for %2.</source>
        <translation>已为 %2 添加 %1。</translation>
    </message>
    <message>
        <source>Could not start the build: %1</source>
        <translation>无法启动构建：%1</translation>
    </message>
    <message>
        <source>Everything checked is built already.</source>
        <translation>所有勾选项均已构建。</translation>
    </message>
    <message numerus="yes">
        <source>%n payloads queued.</source>
        <translation>
            <numerusform>已排队 %n 个升级包。</numerusform>
        </translation>
    </message>
    <message>
        <source>Could not read the built payloads: %1</source>
        <translation>无法读取已构建的升级包：%1</translation>
    </message>
    <message>
        <source>%1 of %2 payloads built; waiting for the builder…</source>
        <translation>已构建 %1 / %2 个升级包；正在等待构建器…</translation>
    </message>
    <message>
        <source>%1 of %2 payloads built; now %3</source>
        <translation>已构建 %1 / %2 个升级包；当前：%3</translation>
    </message>
    <message>
        <source>Build finished.</source>
        <translation>构建完成。</translation>
    </message>
    <message>
        <source>Check at least one version to build deltas from</source>
        <translation>请至少勾选一个用于构建差分包的源版本</translation>
    </message>
</context>
<context>
    <name>flotilla::ui::DeltaTableModel</name>
    <message>
        <source>full image → %1</source>
        <translation>完整镜像 → %1</translation>
    </message>
    <message>
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1%</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>The whole image, compressed; every vehicle can use it</source>
        <translation>完整镜像（已压缩）；所有车辆均可使用</translation>
    </message>
    <message>
        <source>From the image with SHA-256 %1</source>
        <translation>基于 SHA-256 为 %1 的镜像</translation>
    </message>
    <message>
        <source>How much smaller than the full payload (%1)</source>
        <translation>比全量包（%1）小多少</translation>
    </message>
    <message>
        <source>Memory a vehicle needs to apply it; vehicles that have less get a bigger payload</source>
        <translation>车辆应用该包所需的内存；内存不足的车辆将获得更大的升级包</translation>
    </message>
    <message>
        <source>Rebuilt on the console from the source image and matched against the target&apos;s SHA-256</source>
        <translation>已在控制台上基于源镜像重新构建，并与目标的 SHA-256 比对</translation>
    </message>
    <message>
        <source>Built and verified, but not at least 10 % smaller than the full payload: vehicles get the full payload</source>
        <translation>已构建并验证，但比全量包小不到 10 %：车辆将获得全量包</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>目标</translation>
    </message>
    <message>
        <source>From → to</source>
        <translation>从 → 到</translation>
    </message>
    <message>
        <source>Codec</source>
        <translation>编解码器</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Saving</source>
        <translation>节省</translation>
    </message>
    <message>
        <source>Build time</source>
        <translation>构建耗时</translation>
    </message>
    <message>
        <source>Apply memory</source>
        <translation>应用内存</translation>
    </message>
    <message>
        <source>Verified</source>
        <translation>已验证</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>ECU or component the payload updates</source>
        <translation>升级包所更新的 ECU 或组件</translation>
    </message>
    <message>
        <source>Version the payload applies to and the version it installs</source>
        <translation>升级包适用的版本及其安装的版本</translation>
    </message>
    <message>
        <source>Payload format: full-zstd (whole image), zstd-patch or x-… (deltas)</source>
        <translation>升级包格式：full-zstd（完整镜像）、zstd-patch 或 x-…（差分包）</translation>
    </message>
    <message>
        <source>Bytes a vehicle downloads</source>
        <translation>车辆需下载的字节数</translation>
    </message>
    <message>
        <source>Saving against the full payload</source>
        <translation>相对全量包的节省</translation>
    </message>
    <message>
        <source>Time the console took to build and verify it</source>
        <translation>控制台构建并验证所用的时间</translation>
    </message>
    <message>
        <source>Memory a vehicle needs to apply it</source>
        <translation>车辆应用该包所需的内存</translation>
    </message>
    <message>
        <source>Rebuilt and matched against the target image&apos;s SHA-256</source>
        <translation>已重新构建并与目标镜像的 SHA-256 比对</translation>
    </message>
    <message>
        <source>Ready, not worth it (less than 10 % saving), failed, or still building</source>
        <translation>就绪、不划算（节省不足 10 %）、失败或仍在构建</translation>
    </message>
</context>
<context>
    <name>flotilla::ui::DestructiveCommandDialog</name>
    <message>
        <source>Wipe vehicle</source>
        <translation>擦除车辆数据</translation>
    </message>
    <message>
        <source>Factory reset</source>
        <translation>恢复出厂设置</translation>
    </message>
    <message>
        <source>&lt;b&gt;Wipe the owner&apos;s data from %1?&lt;/b&gt;</source>
        <translation>&lt;b&gt;要擦除 %1 上的车主数据吗？&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;Reset %1 to its factory state?&lt;/b&gt;</source>
        <translation>&lt;b&gt;要将 %1 恢复出厂设置吗？&lt;/b&gt;</translation>
    </message>
    <message>
        <source>The vehicle erases its owner&apos;s data: driver profiles, paired phones, saved addresses and app accounts. This cannot be undone. The vehicle refuses while it is not parked.</source>
        <translation>车辆将擦除车主数据：驾驶员档案、已配对手机、已保存地址和应用账户。此操作无法撤销。车辆未驻车时会拒绝执行。</translation>
    </message>
    <message>
        <source>The head unit returns to its factory state: every setting and all of the owner&apos;s data are erased, and the owner must set the vehicle up again. This cannot be undone. The vehicle refuses while it is not parked.</source>
        <translation>车机将恢复出厂状态：所有设置和车主的全部数据都将被擦除，车主必须重新设置车辆。此操作无法撤销。车辆未驻车时会拒绝执行。</translation>
    </message>
    <message>
        <source>Type the VIN &lt;b&gt;%1&lt;/b&gt; to confirm:</source>
        <translation>请输入 VIN &lt;b&gt;%1&lt;/b&gt; 以确认：</translation>
    </message>
    <message>
        <source>VIN</source>
        <translation>VIN</translation>
    </message>
    <message>
        <source>The vehicle&apos;s VIN, exactly as shown above</source>
        <translation>车辆的 VIN，须与上方显示的完全一致</translation>
    </message>
    <message>
        <source>Log in as an administrator to wipe or reset a vehicle.</source>
        <translation>请以管理员身份登录以擦除或重置车辆。</translation>
    </message>
    <message>
        <source>Only an administrator may do this; you are logged in as %1 (%2).</source>
        <translation>只有管理员可以执行此操作；您当前以 %1（%2）身份登录。</translation>
    </message>
    <message>
        <source>Type the VIN exactly, in capitals.</source>
        <translation>请准确输入 VIN（大写字母）。</translation>
    </message>
    <message>
        <source>This is not the VIN of this vehicle.</source>
        <translation>这不是此车辆的 VIN。</translation>
    </message>
    <message>
        <source>Type the vehicle&apos;s VIN first</source>
        <translation>请先输入车辆的 VIN</translation>
    </message>
</context>
<context>
    <name>flotilla::ui::DetailsTable</name>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
</context>
<context>
    <name>flotilla::ui::DryRunModel</name>
    <message numerus="yes">
        <source>%n vehicle(s) in %1 wave(s)</source>
        <translation>
            <numerusform>%n 辆车，分 %1 个批次</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n compatible</source>
        <translation>
            <numerusform>%n 辆兼容</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n up to date</source>
        <translation>
            <numerusform>%n 辆已是最新</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n blocked</source>
        <translation>
            <numerusform>%n 辆受阻</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 to download</source>
        <translation>需下载 %1</translation>
    </message>
    <message numerus="yes">
        <source>%n delta(s) to build</source>
        <translation>
            <numerusform>需构建 %n 个差分包</numerusform>
        </translation>
    </message>
    <message>
        <source>unknown VINs: %1</source>
        <translation>未知 VIN：%1</translation>
    </message>
    <message>
        <source>up to date</source>
        <translation>已是最新</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <source>VIN</source>
        <translation>VIN</translation>
    </message>
    <message>
        <source>Wave</source>
        <translation>批次</translation>
    </message>
    <message>
        <source>Compatible</source>
        <translation>兼容</translation>
    </message>
    <message>
        <source>Payload</source>
        <translation>升级包</translation>
    </message>
    <message>
        <source>Download</source>
        <translation>下载量</translation>
    </message>
    <message>
        <source>Blockers</source>
        <translation>阻碍因素</translation>
    </message>
</context>
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
    <name>flotilla::ui::JobFeed</name>
    <message>
        <source>Could not load update jobs: %1</source>
        <translation>无法加载升级任务：%1</translation>
    </message>
</context>
<context>
    <name>flotilla::ui::LoginDialog</name>
    <message>
        <source>Create the administrator</source>
        <translation>创建管理员</translation>
    </message>
    <message>
        <source>Log in to Flotilla</source>
        <translation>登录 Flotilla</translation>
    </message>
    <message>
        <source>This is the first start: create the administrator account. The administrator adds the other users and gives them roles.</source>
        <translation>这是首次启动：请创建管理员账户。管理员负责添加其他用户并为其分配角色。</translation>
    </message>
    <message>
        <source>Log in with your Flotilla user name and password.</source>
        <translation>请使用您的 Flotilla 用户名和密码登录。</translation>
    </message>
    <message>
        <source>User name:</source>
        <translation>用户名：</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>密码：</translation>
    </message>
    <message>
        <source>at least %1 characters</source>
        <translation>至少 %1 个字符</translation>
    </message>
    <message>
        <source>Repeat password:</source>
        <translation>确认密码：</translation>
    </message>
    <message>
        <source>Create</source>
        <translation>创建</translation>
    </message>
    <message>
        <source>Log in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>The two passwords differ.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
    <message>
        <source>Enter your user name and password.</source>
        <translation>请输入用户名和密码。</translation>
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
    <message>
        <source>Releases</source>
        <translation>发布版本</translation>
    </message>
    <message>
        <source>Releases to roll out: import, deltas, assign (Ctrl+4)</source>
        <translation>待推送的发布版本：导入、差分包、分配（Ctrl+4）</translation>
    </message>
    <message>
        <source>Campaigns</source>
        <translation>升级活动</translation>
    </message>
    <message>
        <source>Staged rollouts: plan, approve, follow (Ctrl+5)</source>
        <translation>分批推送：规划、审批、跟踪（Ctrl+5）</translation>
    </message>
    <message>
        <source>&amp;Import Release…</source>
        <translation>导入发布版本(&amp;I)…</translation>
    </message>
    <message>
        <source>Import a release from a folder, or put one together from image files</source>
        <translation>从文件夹导入发布版本，或由镜像文件组装</translation>
    </message>
    <message>
        <source>Re&amp;leases</source>
        <translation>发布版本(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Campaigns</source>
        <translation>升级活动(&amp;C)</translation>
    </message>
    <message>
        <source>Si&amp;gning Keys…</source>
        <translation>签名密钥(&amp;G)…</translation>
    </message>
    <message>
        <source>Keys that sign update instructions, and their rotation</source>
        <translation>用于签署升级指令的密钥及其轮换</translation>
    </message>
    <message>
        <source>Operator: %1 (%2)</source>
        <translation>操作员：%1（%2）</translation>
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
    <message>
        <source>Blocking a vehicle needs the engineer or administrator role; you are logged in as %1 (%2)</source>
        <translation>封锁车辆需要工程师或管理员角色；您当前以 %1（%2）身份登录</translation>
    </message>
    <message>
        <source>Block vehicle</source>
        <translation>封锁车辆</translation>
    </message>
    <message>
        <source>Why is %1 blocked? Its requests are refused and its connection is closed until it is unblocked. The reason is kept in the event log.</source>
        <translation>为什么封锁 %1？在解除封锁之前，它的请求将被拒绝，连接将被关闭。原因将记录在事件日志中。</translation>
    </message>
    <message numerus="yes">
        <source>Why are these %n vehicles blocked? Their requests are refused and their connections are closed until they are unblocked. The reason is kept in the event log.</source>
        <translation>
            <numerusform>为什么封锁这 %n 辆车？在解除封锁之前，它们的请求将被拒绝，连接将被关闭。原因将记录在事件日志中。</numerusform>
        </translation>
    </message>
    <message>
        <source>Block</source>
        <translation>封锁</translation>
    </message>
    <message>
        <source>Blocked %1; its requests are refused until it is unblocked.</source>
        <translation>已封锁 %1；在解除封锁之前，它的请求将被拒绝。</translation>
    </message>
    <message numerus="yes">
        <source>Blocked %n vehicles.</source>
        <translation>
            <numerusform>已封锁 %n 辆车。</numerusform>
        </translation>
    </message>
    <message>
        <source>Could not block %1</source>
        <translation>无法封锁 %1</translation>
    </message>
    <message>
        <source>Unblocked %1; it is accepted again.</source>
        <translation>已解除封锁 %1；它已重新被接受。</translation>
    </message>
    <message numerus="yes">
        <source>Unblocked %n vehicles.</source>
        <translation>
            <numerusform>已解除封锁 %n 辆车。</numerusform>
        </translation>
    </message>
    <message>
        <source>Could not unblock %1</source>
        <translation>无法解除封锁 %1</translation>
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
    <name>flotilla::ui::ReleaseDetailsPanel</name>
    <message>
        <source>Assign to vehicles…</source>
        <translation>分配给车辆…</translation>
    </message>
    <message>
        <source>Choose vehicles to update to this release</source>
        <translation>选择要升级到此发布版本的车辆</translation>
    </message>
    <message>
        <source>Build deltas…</source>
        <translation>构建差分包…</translation>
    </message>
    <message>
        <source>Build the payloads of this release: full images and deltas from the versions vehicles run</source>
        <translation>构建此发布版本的升级包：完整镜像，以及基于车辆当前运行版本的差分包</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <source>Release counter</source>
        <translation>发布计数器</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Hardware IDs</source>
        <translation>硬件 ID</translation>
    </message>
    <message>
        <source>RXSWIN</source>
        <translation>RXSWIN</translation>
    </message>
    <message>
        <source>Imported</source>
        <translation>导入时间</translation>
    </message>
    <message>
        <source>Vehicles refuse a release whose counter is lower than the one they run</source>
        <translation>车辆会拒绝计数器低于其当前运行版本的发布版本</translation>
    </message>
    <message>
        <source>Regulation X Software Identification Numbers (UNECE R156) after the update</source>
        <translation>升级后的法规 X 软件识别号（UNECE R156）</translation>
    </message>
    <message>
        <source>Release</source>
        <translation>发布版本</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Key ID</source>
        <translation>密钥 ID</translation>
    </message>
    <message>
        <source>OEM signature</source>
        <translation>OEM 签名</translation>
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
        <source>Length</source>
        <translation>长度</translation>
    </message>
    <message>
        <source>Targets</source>
        <translation>目标</translation>
    </message>
    <message>
        <source>Hash</source>
        <translation>哈希</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>Select a value and press Ctrl+C to copy it</source>
        <translation>选择一个值并按 Ctrl+C 复制</translation>
    </message>
    <message>
        <source>Image hashes</source>
        <translation>镜像哈希</translation>
    </message>
    <message>
        <source>Preconditions</source>
        <translation>前提条件</translation>
    </message>
    <message>
        <source>DTCs to clear</source>
        <translation>待清除的故障码</translation>
    </message>
    <message>
        <source>What the vehicle checks before it installs</source>
        <translation>车辆在安装前检查的条件</translation>
    </message>
    <message>
        <source>Diagnostic trouble codes the vehicle clears after installing</source>
        <translation>车辆在安装后清除的诊断故障码</translation>
    </message>
    <message>
        <source>Installation</source>
        <translation>安装</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Text shown to the owner</source>
        <translation>向车主显示的文本</translation>
    </message>
    <message>
        <source>User texts</source>
        <translation>用户文本</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Vehicles</source>
        <translation>车辆</translation>
    </message>
    <message>
        <source>Update jobs</source>
        <translation>升级任务</translation>
    </message>
    <message>
        <source>battery at least %1 %</source>
        <translation>电量至少 %1%</translation>
    </message>
    <message>
        <source>parked</source>
        <translation>已驻车</translation>
    </message>
    <message>
        <source>ignition off</source>
        <translation>点火关闭</translation>
    </message>
    <message>
        <source>no owner consent needed</source>
        <translation>无需车主同意</translation>
    </message>
    <message>
        <source>owner consent required</source>
        <translation>需要车主同意</translation>
    </message>
    <message>
        <source>Select a release to see its targets, hashes and update jobs.
Import one with Import….</source>
        <translation>选择一个发布版本以查看其目标、哈希和升级任务。
可通过“导入…”导入发布版本。</translation>
    </message>
    <message>
        <source>Application (SCOMO components)</source>
        <translation>应用（SCOMO 组件）</translation>
    </message>
    <message>
        <source>Firmware (FUMO, ECU images)</source>
        <translation>固件（FUMO，ECU 镜像）</translation>
    </message>
    <message>
        <source>%1 by %2</source>
        <translation>%1，由 %2 导入</translation>
    </message>
    <message>
        <source>Valid: signed by the OEM, checked at import</source>
        <translation>有效：已由 OEM 签名，导入时已校验</translation>
    </message>
    <message>
        <source>None: imported without an OEM signature</source>
        <translation>无：导入时没有 OEM 签名</translation>
    </message>
    <message>
        <source>%1 (%2 bytes)</source>
        <translation>%1（%2 字节）</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <source>Could not load the update jobs: %1</source>
        <translation>无法加载升级任务：%1</translation>
    </message>
    <message>
        <source>Not assigned to any vehicle yet. Use Assign to vehicles….</source>
        <translation>尚未分配给任何车辆。请使用“分配给车辆…”。</translation>
    </message>
    <message>
        <source>%1 jobs, %2 of them still running.</source>
        <translation>共 %1 个任务，其中 %2 个仍在运行。</translation>
    </message>
</context>
<context>
    <name>flotilla::ui::ReleaseImportDialog</name>
    <message>
        <source>&amp;Import</source>
        <translation>导入(&amp;I)</translation>
    </message>
    <message>
        <source>Import release</source>
        <translation>导入发布版本</translation>
    </message>
    <message>
        <source>From a folder</source>
        <translation>从文件夹</translation>
    </message>
    <message>
        <source>Build here</source>
        <translation>在此构建</translation>
    </message>
    <message>
        <source>Choose a folder that holds release.json, the image file of every target and, if the OEM signed the release, release.sig. The format is described in docs/releases.md.</source>
        <translation>请选择包含 release.json、每个目标的镜像文件以及（若 OEM 已签名）release.sig 的文件夹。格式说明见 docs/releases.md。</translation>
    </message>
    <message>
        <source>Folder with release.json</source>
        <translation>包含 release.json 的文件夹</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>浏览(&amp;B)…</translation>
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
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>e.g. tbox-firmware</source>
        <translation>例如：tbox-firmware</translation>
    </message>
    <message>
        <source>e.g. 5.2.0</source>
        <translation>例如：5.2.0</translation>
    </message>
    <message>
        <source>Vehicles refuse a release whose counter is lower than the one they run (no rollback)</source>
        <translation>车辆会拒绝计数器低于其当前运行版本的发布版本（禁止回退）</translation>
    </message>
    <message>
        <source>Firmware (FUMO, ECU images)</source>
        <translation>固件（FUMO，ECU 镜像）</translation>
    </message>
    <message>
        <source>Application (SCOMO components)</source>
        <translation>应用（SCOMO 组件）</translation>
    </message>
    <message>
        <source>comma-separated; the images&apos; hardware IDs when empty</source>
        <translation>以逗号分隔；留空则使用镜像的硬件 ID</translation>
    </message>
    <message>
        <source>comma-separated, e.g. R156-TB-52</source>
        <translation>以逗号分隔，例如 R156-TB-52</translation>
    </message>
    <message>
        <source>comma-separated, e.g. U0100, P0A80</source>
        <translation>以逗号分隔，例如 U0100, P0A80</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <source>Version:</source>
        <translation>版本：</translation>
    </message>
    <message>
        <source>Release counter:</source>
        <translation>发布计数器：</translation>
    </message>
    <message>
        <source>Kind:</source>
        <translation>类型：</translation>
    </message>
    <message>
        <source>Hardware IDs:</source>
        <translation>硬件 ID：</translation>
    </message>
    <message>
        <source>RXSWIN:</source>
        <translation>RXSWIN：</translation>
    </message>
    <message>
        <source>DTCs to clear:</source>
        <translation>待清除的故障码：</translation>
    </message>
    <message>
        <source> %</source>
        <translation> %</translation>
    </message>
    <message>
        <source>Parked</source>
        <translation>驻车</translation>
    </message>
    <message>
        <source>Ignition off</source>
        <translation>点火关闭</translation>
    </message>
    <message>
        <source>The owner must agree</source>
        <translation>需要车主同意</translation>
    </message>
    <message>
        <source>No consent needed</source>
        <translation>无需同意</translation>
    </message>
    <message>
        <source>Before installing, the vehicle checks</source>
        <translation>安装前车辆检查</translation>
    </message>
    <message>
        <source>Battery at least:</source>
        <translation>电量至少：</translation>
    </message>
    <message>
        <source>Owner consent:</source>
        <translation>车主同意：</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Text shown to the owner</source>
        <translation>向车主显示的文本</translation>
    </message>
    <message>
        <source>Add language</source>
        <translation>添加语言</translation>
    </message>
    <message>
        <source>One image per ECU (firmware) or component (application); type its ECU, hardware ID and the version it installs</source>
        <translation>每个 ECU（固件）或组件（应用）一个镜像；请填写其 ECU、硬件 ID 及要安装的版本</translation>
    </message>
    <message>
        <source>Add &amp;image…</source>
        <translation>添加镜像(&amp;I)…</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>移除(&amp;R)</translation>
    </message>
    <message>
        <source>What the vehicle tells its owner, per language:</source>
        <translation>车辆按语言向车主显示的内容：</translation>
    </message>
    <message>
        <source>Images:</source>
        <translation>镜像：</translation>
    </message>
    <message>
        <source>Choose the release folder</source>
        <translation>选择发布版本文件夹</translation>
    </message>
    <message>
        <source>Reading %1…</source>
        <translation>正在读取 %1…</translation>
    </message>
    <message>
        <source>missing</source>
        <translation>缺失</translation>
    </message>
    <message>
        <source>Choose image files</source>
        <translation>选择镜像文件</translation>
    </message>
    <message>
        <source>Give the release a name.</source>
        <translation>请为发布版本命名。</translation>
    </message>
    <message>
        <source>Give the release a version.</source>
        <translation>请为发布版本指定版本号。</translation>
    </message>
    <message>
        <source>Add at least one image with Add image….</source>
        <translation>请通过“添加镜像…”至少添加一个镜像。</translation>
    </message>
    <message>
        <source>Image %1 needs its ECU, hardware ID and version.</source>
        <translation>镜像 %1 需要填写 ECU、硬件 ID 和版本。</translation>
    </message>
    <message>
        <source>Two images are for %1; a release has one image per ECU.</source>
        <translation>有两个镜像都用于 %1；每个 ECU 在发布版本中只能有一个镜像。</translation>
    </message>
    <message>
        <source>Image %1 has no file.</source>
        <translation>镜像 %1 没有文件。</translation>
    </message>
    <message>
        <source>Importing %1… Every image is copied into the console&apos;s store and hashed; large images take a while.</source>
        <translation>正在导入 %1… 每个镜像都会复制到控制台存储中并计算哈希；大型镜像需要一些时间。</translation>
    </message>
    <message>
        <source>Copying the images and importing %1 %2… Every image is hashed; large images take a while.</source>
        <translation>正在复制镜像并导入 %1 %2… 每个镜像都会计算哈希；大型镜像需要一些时间。</translation>
    </message>
    <message>
        <source>The image file %1 for %2 does not exist.</source>
        <translation>%2 的镜像文件 %1 不存在。</translation>
    </message>
    <message>
        <source>The image file %1 for %2 is empty.</source>
        <translation>%2 的镜像文件 %1 为空。</translation>
    </message>
    <message>
        <source>The release is incomplete or wrong: %1</source>
        <translation>发布版本不完整或有误：%1</translation>
    </message>
    <message>
        <source>Could not create a temporary folder: %1</source>
        <translation>无法创建临时文件夹：%1</translation>
    </message>
    <message>
        <source>Could not write release.json: %1</source>
        <translation>无法写入 release.json：%1</translation>
    </message>
    <message>
        <source>Could not copy %1 into the temporary folder.</source>
        <translation>无法将 %1 复制到临时文件夹。</translation>
    </message>
    <message>
        <source>Nothing was imported.</source>
        <translation>未导入任何内容。</translation>
    </message>
    <message>
        <source>Imported %1.</source>
        <translation>已导入 %1。</translation>
    </message>
    <message>
        <source>Import the release in this folder</source>
        <translation>导入此文件夹中的发布版本</translation>
    </message>
    <message>
        <source>Write release.json with these images to a temporary folder and import it</source>
        <translation>将包含这些镜像的 release.json 写入临时文件夹并导入</translation>
    </message>
    <message>
        <source>The folder %1 does not exist.</source>
        <translation>文件夹 %1 不存在。</translation>
    </message>
    <message>
        <source>There is no release.json in this folder. Choose the folder that holds release.json and the image files, or put the release together on the “Build here” tab.</source>
        <translation>此文件夹中没有 release.json。请选择包含 release.json 和镜像文件的文件夹，或在“在此构建”选项卡中组装发布版本。</translation>
    </message>
    <message>
        <source>release.json cannot be read: %1</source>
        <translation>无法读取 release.json：%1</translation>
    </message>
    <message>
        <source>release.json is not valid JSON: %1 (at character %2).</source>
        <translation>release.json 不是有效的 JSON：%1（位于第 %2 个字符）。</translation>
    </message>
    <message>
        <source>release.json must hold one JSON object.</source>
        <translation>release.json 必须包含一个 JSON 对象。</translation>
    </message>
    <message>
        <source>release.json is incomplete or wrong: %1</source>
        <translation>release.json 不完整或有误：%1</translation>
    </message>
    <message>
        <source>%1 · release counter %2 · %3 · for %4</source>
        <translation>%1 · 发布计数器 %2 · %3 · 适用于 %4</translation>
    </message>
    <message>
        <source>Signed: release.sig is checked against the OEM keys at import.</source>
        <translation>已签名：导入时将使用 OEM 密钥校验 release.sig。</translation>
    </message>
    <message>
        <source>Not signed by the OEM (no release.sig).</source>
        <translation>未经 OEM 签名（无 release.sig）。</translation>
    </message>
    <message>
        <source>The image %1 for %2 is not in the folder.</source>
        <translation>文件夹中没有 %2 的镜像 %1。</translation>
    </message>
    <message>
        <source>The image %1 for %2 is empty.</source>
        <translation>%2 的镜像 %1 为空。</translation>
    </message>
    <message>
        <source>A release %1 was imported before. A release never changes once imported: give this one a new version.</source>
        <translation>发布版本 %1 此前已导入。发布版本一经导入便不可更改：请为此版本指定新的版本号。</translation>
    </message>
    <message>
        <source>The release was refused: %1</source>
        <translation>发布版本被拒绝：%1</translation>
    </message>
    <message>
        <source>The import failed: %1</source>
        <translation>导入失败：%1</translation>
    </message>
</context>
<context>
    <name>flotilla::ui::ReleaseTableModel</name>
    <message>
        <source>Valid</source>
        <translation>有效</translation>
    </message>
    <message>
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <source>%1 (%2) → %3, %4</source>
        <translation>%1（%2）→ %3，%4</translation>
    </message>
    <message>
        <source>Signed by the OEM; key %1</source>
        <translation>已由 OEM 签名；密钥 %1</translation>
    </message>
    <message>
        <source>Imported without an OEM signature (release.sig)</source>
        <translation>导入时没有 OEM 签名（release.sig）</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <source>Counter</source>
        <translation>计数器</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Hardware IDs</source>
        <translation>硬件 ID</translation>
    </message>
    <message>
        <source>Targets</source>
        <translation>目标</translation>
    </message>
    <message>
        <source>OEM signature</source>
        <translation>OEM 签名</translation>
    </message>
    <message>
        <source>Imported</source>
        <translation>导入时间</translation>
    </message>
    <message>
        <source>By</source>
        <translation>导入者</translation>
    </message>
    <message>
        <source>Release name from its manifest</source>
        <translation>清单中的发布版本名称</translation>
    </message>
    <message>
        <source>Release version</source>
        <translation>发布版本号</translation>
    </message>
    <message>
        <source>Release counter: vehicles never install a release with a lower counter than they run</source>
        <translation>发布计数器：车辆绝不会安装计数器低于其当前运行版本的发布版本</translation>
    </message>
    <message>
        <source>Firmware (FUMO, whole ECU images) or application (SCOMO, software components)</source>
        <translation>固件（FUMO，完整 ECU 镜像）或应用（SCOMO，软件组件）</translation>
    </message>
    <message>
        <source>Hardware the release is made for</source>
        <translation>发布版本适用的硬件</translation>
    </message>
    <message>
        <source>ECUs or components the release installs</source>
        <translation>发布版本安装的 ECU 或组件</translation>
    </message>
    <message>
        <source>Whether the OEM signed the release (checked at import)</source>
        <translation>OEM 是否已对发布版本签名（导入时校验）</translation>
    </message>
    <message>
        <source>When the release was imported</source>
        <translation>发布版本的导入时间</translation>
    </message>
    <message>
        <source>Who imported it</source>
        <translation>导入者</translation>
    </message>
</context>
<context>
    <name>flotilla::ui::ReleasesPage</name>
    <message>
        <source>&amp;Import…</source>
        <translation>导入(&amp;I)…</translation>
    </message>
    <message>
        <source>Import a release from a folder with release.json, or put one together from image files</source>
        <translation>从包含 release.json 的文件夹导入发布版本，或由镜像文件组装</translation>
    </message>
    <message>
        <source>Filter by name, version, hardware ID or ECU</source>
        <translation>按名称、版本、硬件 ID 或 ECU 筛选</translation>
    </message>
    <message>
        <source>Application</source>
        <translation>应用</translation>
    </message>
    <message>
        <source>Valid</source>
        <translation>有效</translation>
    </message>
    <message>
        <source>Loading releases…</source>
        <translation>正在加载发布版本…</translation>
    </message>
    <message>
        <source>Could not load the releases: %1</source>
        <translation>无法加载发布版本：%1</translation>
    </message>
    <message>
        <source>No releases yet.
Import one with Import…: a folder with release.json and its images, or image files you pick.</source>
        <translation>暂无发布版本。
可通过“导入…”导入：包含 release.json 及其镜像的文件夹，或您选择的镜像文件。</translation>
    </message>
    <message>
        <source>Releases: %1</source>
        <translation>发布版本：%1</translation>
    </message>
    <message>
        <source>Showing %1 of %2</source>
        <translation>显示 %1 / %2</translation>
    </message>
    <message>
        <source>Imported release %1.</source>
        <translation>已导入发布版本 %1。</translation>
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
    <name>flotilla::ui::SigningKeysDialog</name>
    <message>
        <source>Key ID</source>
        <translation>密钥 ID</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <source>Changed</source>
        <translation>变更时间</translation>
    </message>
    <message>
        <source>Vehicles with it</source>
        <translation>持有该密钥的车辆</translation>
    </message>
    <message>
        <source>&amp;Rotate…</source>
        <translation>轮换(&amp;R)…</translation>
    </message>
    <message>
        <source>&amp;Promote…</source>
        <translation>提升(&amp;P)…</translation>
    </message>
    <message>
        <source>Signing keys</source>
        <translation>签名密钥</translation>
    </message>
    <message>
        <source>The console signs every update instruction; vehicles install only what a key they trust signed. To replace the key without leaving any vehicle behind, rotate in two steps: Rotate makes a new key that signs alongside the active one and is sent to every vehicle at its next session; Promote, once the vehicles have it, makes the new key the only signer and retires the old one.</source>
        <translation>控制台会对每条升级指令签名；车辆只安装由其信任的密钥签名的内容。若要在不遗漏任何车辆的情况下替换密钥，请分两步轮换：“轮换”会生成一个新密钥，它与当前有效密钥共同签名，并在每辆车下次会话时发送给车辆；待车辆均已获得新密钥后，“提升”会将新密钥设为唯一签名密钥并停用旧密钥。</translation>
    </message>
    <message>
        <source>Step 1: make a new key and send it to the vehicles</source>
        <translation>第 1 步：生成新密钥并发送给车辆</translation>
    </message>
    <message>
        <source>Step 2: make the new key the only signer</source>
        <translation>第 2 步：将新密钥设为唯一签名密钥</translation>
    </message>
    <message>
        <source>Could not read the signing keys: %1</source>
        <translation>无法读取签名密钥：%1</translation>
    </message>
    <message>
        <source>No rotation in progress. The active key signs every update instruction.</source>
        <translation>当前没有进行中的轮换。有效密钥为每条升级指令签名。</translation>
    </message>
    <message>
        <source>Ready to promote: all %1 accepted vehicles have the new key.</source>
        <translation>可以提升：全部 %1 辆已接受车辆均已获得新密钥。</translation>
    </message>
    <message>
        <source>The new key reached %1 of %2 accepted vehicles. The others receive it at their next session; promote once they have it.</source>
        <translation>新密钥已送达 %2 辆已接受车辆中的 %1 辆。其余车辆将在下次会话时收到；待它们收到后再提升。</translation>
    </message>
    <message>
        <source>Rotate signing key</source>
        <translation>轮换签名密钥</translation>
    </message>
    <message>
        <source>Start a rotation of the instruction-signing key?</source>
        <translation>要开始轮换指令签名密钥吗？</translation>
    </message>
    <message>
        <source>Step 1, now: a new key is made. It signs update instructions together with the active key, and every vehicle receives it at its next session. Nothing changes for the vehicles yet.

Step 2, later: Promote makes the new key the only signer and retires the old one. Promote once the vehicles have the new key; this dialog counts them.</source>
        <translation>第 1 步（现在）：生成一个新密钥。它与当前有效密钥共同为升级指令签名，每辆车将在下次会话时收到它。车辆端暂时没有任何变化。

第 2 步（稍后）：“提升”会将新密钥设为唯一签名密钥并停用旧密钥。请在车辆都获得新密钥后再提升；此对话框会统计其数量。</translation>
    </message>
    <message>
        <source>Rotate</source>
        <translation>轮换</translation>
    </message>
    <message>
        <source>Promote signing key</source>
        <translation>提升签名密钥</translation>
    </message>
    <message>
        <source>Make the new key the only signer?</source>
        <translation>要将新密钥设为唯一签名密钥吗？</translation>
    </message>
    <message>
        <source>All %1 accepted vehicles have the new key. The old key is retired and signs nothing from now on.</source>
        <translation>全部 %1 辆已接受车辆均已获得新密钥。旧密钥将停用，此后不再签名。</translation>
    </message>
    <message>
        <source>Only %1 of %2 accepted vehicles have the new key. The others cannot verify update instructions until they receive it. The old key is retired and signs nothing from now on.</source>
        <translation>%2 辆已接受车辆中只有 %1 辆获得了新密钥。其余车辆在收到新密钥之前无法验证升级指令。旧密钥将停用，此后不再签名。</translation>
    </message>
    <message>
        <source>Promote</source>
        <translation>提升</translation>
    </message>
    <message>
        <source>Could not promote the key: %1</source>
        <translation>无法提升密钥：%1</translation>
    </message>
    <message>
        <source>Could not rotate the key: %1</source>
        <translation>无法轮换密钥：%1</translation>
    </message>
    <message>
        <source>Signing key %1 is now the only signer.</source>
        <translation>签名密钥 %1 现为唯一签名密钥。</translation>
    </message>
    <message>
        <source>New signing key %1 is on its way to the vehicles.</source>
        <translation>新签名密钥 %1 正在发送给车辆。</translation>
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
    <message>
        <source>Queued</source>
        <translation>排队中</translation>
    </message>
    <message>
        <source>Notified</source>
        <translation>已通知</translation>
    </message>
    <message>
        <source>Downloading</source>
        <translation>下载中</translation>
    </message>
    <message>
        <source>Downloaded</source>
        <translation>已下载</translation>
    </message>
    <message>
        <source>Awaiting consent</source>
        <translation>等待同意</translation>
    </message>
    <message>
        <source>Postponed</source>
        <translation>已推迟</translation>
    </message>
    <message>
        <source>Installing</source>
        <translation>安装中</translation>
    </message>
    <message>
        <source>Verifying</source>
        <translation>验证中</translation>
    </message>
    <message>
        <source>Succeeded</source>
        <translation>成功</translation>
    </message>
    <message>
        <source>Rolled back</source>
        <translation>已回滚</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>Expired</source>
        <translation>已过期</translation>
    </message>
    <message>
        <source>Waiting for the vehicle&apos;s next session (and for its payload to be built)</source>
        <translation>等待车辆的下次会话（以及其升级包构建完成）</translation>
    </message>
    <message>
        <source>The vehicle was sent the update instruction and asked to download it</source>
        <translation>已向车辆发送升级指令并要求其下载</translation>
    </message>
    <message>
        <source>The vehicle is downloading the payload</source>
        <translation>车辆正在下载升级包</translation>
    </message>
    <message>
        <source>The payload is on the vehicle; it checks the conditions for installing</source>
        <translation>升级包已在车辆上；车辆正在检查安装条件</translation>
    </message>
    <message>
        <source>Waiting for the vehicle owner to agree to the installation</source>
        <translation>等待车主同意安装</translation>
    </message>
    <message>
        <source>The owner postponed the installation</source>
        <translation>车主已推迟安装</translation>
    </message>
    <message>
        <source>A condition for installing is not met (battery, ignition, parking)</source>
        <translation>不满足安装条件（电量、点火、驻车）</translation>
    </message>
    <message>
        <source>The vehicle is installing the update; it finishes and reports even if cancelled</source>
        <translation>车辆正在安装升级；即使被取消也会完成安装并上报</translation>
    </message>
    <message>
        <source>The vehicle reported success; the console waits to read the new version back</source>
        <translation>车辆已上报成功；控制台正在等待回读新版本</translation>
    </message>
    <message>
        <source>Installed, and the vehicle reports the new version</source>
        <translation>已安装，车辆上报了新版本</translation>
    </message>
    <message>
        <source>The update failed; see the result code and reason</source>
        <translation>升级失败；请查看结果码和原因</translation>
    </message>
    <message>
        <source>The installation failed and the vehicle went back to its previous software</source>
        <translation>安装失败，车辆已恢复到之前的软件</translation>
    </message>
    <message>
        <source>Cancelled by an operator</source>
        <translation>已被操作员取消</translation>
    </message>
    <message>
        <source>The update instruction expired before the vehicle installed it</source>
        <translation>升级指令在车辆安装前已过期</translation>
    </message>
    <message>
        <source>Building</source>
        <translation>构建中</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <source>Not worth it</source>
        <translation>不划算</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>待启用</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>使用中</translation>
    </message>
    <message>
        <source>Retired</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>Firmware</source>
        <translation>固件</translation>
    </message>
    <message>
        <source>Application</source>
        <translation>应用</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 毫秒</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 分 %2 秒</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 小时 %2 分</translation>
    </message>
    <message>
        <source>Blocked</source>
        <comment>update job waiting for a precondition</comment>
        <translation>受阻</translation>
    </message>
</context>
<context>
    <name>flotilla::ui::UpdateController</name>
    <message>
        <source>Cancel update</source>
        <translation>取消升级</translation>
    </message>
    <message>
        <source>Cancel update job %1 of %2?</source>
        <translation>要取消 %2 的升级任务 %1 吗？</translation>
    </message>
    <message>
        <source>The vehicle stops at its next session and keeps the software it runs. A vehicle that has started installing finishes and reports; such a job can no longer be cancelled.</source>
        <translation>车辆将在下次会话时停止，并保留当前运行的软件。已开始安装的车辆会完成安装并上报；此类任务无法再取消。</translation>
    </message>
    <message>
        <source>Keep it</source>
        <translation>保留</translation>
    </message>
    <message>
        <source>Could not cancel update job %1 of %2: %3</source>
        <translation>无法取消 %2 的升级任务 %1：%3</translation>
    </message>
    <message>
        <source>Cancelled update job %1 of %2.</source>
        <translation>已取消 %2 的升级任务 %1。</translation>
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
    <message>
        <source>Release</source>
        <translation>发布版本</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>更新时间</translation>
    </message>
    <message>
        <source>Update…</source>
        <translation>升级…</translation>
    </message>
    <message>
        <source>Assign a release to this vehicle</source>
        <translation>为此车辆分配发布版本</translation>
    </message>
    <message>
        <source>Cancel update…</source>
        <translation>取消升级…</translation>
    </message>
    <message>
        <source>Cancel the vehicle&apos;s update job; a vehicle already installing finishes and reports</source>
        <translation>取消该车辆的升级任务；已在安装的车辆会完成安装并上报</translation>
    </message>
    <message>
        <source>Updates</source>
        <translation>升级</translation>
    </message>
    <message>
        <source>Only accepted vehicles can be updated</source>
        <translation>只有已接受的车辆才能升级</translation>
    </message>
    <message>
        <source>Could not load the update jobs: %1</source>
        <translation>无法加载升级任务：%1</translation>
    </message>
    <message>
        <source>No update was assigned to this vehicle yet.</source>
        <translation>尚未为此车辆分配升级。</translation>
    </message>
    <message>
        <source>release %1</source>
        <translation>发布版本 %1</translation>
    </message>
    <message>
        <source>%1 %2 %</source>
        <translation>%1 %2%</translation>
    </message>
    <message>
        <source>Update job %1, assigned %2 by %3</source>
        <translation>升级任务 %1，由 %3 于 %2 分配</translation>
    </message>
    <message>
        <source>Download</source>
        <translation>下载</translation>
    </message>
    <message>
        <source>%1 of %2 served</source>
        <translation>已传输 %1 / %2</translation>
    </message>
    <message>
        <source>Postponed until</source>
        <translation>推迟至</translation>
    </message>
    <message>
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>not OK</source>
        <translation>异常</translation>
    </message>
    <message>
        <source>Rolled back</source>
        <translation>回滚</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <source>Durations</source>
        <translation>耗时</translation>
    </message>
    <message>
        <source>download %1 · install %2 · total %3</source>
        <translation>下载 %1 · 安装 %2 · 总计 %3</translation>
    </message>
    <message>
        <source>DTCs cleared</source>
        <translation>已清除故障码</translation>
    </message>
    <message>
        <source>Block…</source>
        <translation>封锁…</translation>
    </message>
    <message>
        <source>Unblock</source>
        <translation>解除封锁</translation>
    </message>
    <message>
        <source>Block this vehicle: its requests are refused and its connection is closed until it is unblocked; you will be asked for a reason</source>
        <translation>封锁此车辆：在解除封锁之前，它的请求将被拒绝，连接将被关闭；系统会要求您填写原因</translation>
    </message>
    <message>
        <source>Unblock this vehicle: it is accepted again and its token works again</source>
        <translation>解除封锁此车辆：它将重新被接受，其令牌重新生效</translation>
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
    <name>flotilla::ui::VehicleRemotePanel</name>
    <message>
        <source>Vehicle status</source>
        <translation>车辆状态</translation>
    </message>
    <message>
        <source>Doors</source>
        <translation>车门</translation>
    </message>
    <message>
        <source>Engine</source>
        <translation>发动机</translation>
    </message>
    <message>
        <source>Climate</source>
        <translation>空调</translation>
    </message>
    <message>
        <source>Trunk</source>
        <translation>后备箱</translation>
    </message>
    <message>
        <source>Battery</source>
        <translation>电池</translation>
    </message>
    <message>
        <source>Speed</source>
        <translation>车速</translation>
    </message>
    <message>
        <source>Gear</source>
        <translation>挡位</translation>
    </message>
    <message>
        <source>Ignition</source>
        <translation>点火</translation>
    </message>
    <message>
        <source>Location:</source>
        <translation>位置：</translation>
    </message>
    <message>
        <source>Commands</source>
        <translation>命令</translation>
    </message>
    <message>
        <source> °C</source>
        <translation> °C</translation>
    </message>
    <message>
        <source>Cabin temperature Climate on aims for (16-28 °C)</source>
        <translation>“开启空调”的目标车内温度（16-28 °C）</translation>
    </message>
    <message>
        <source>Lock and wipe (LAWMO)</source>
        <translation>锁定与擦除（LAWMO）</translation>
    </message>
    <message>
        <source>Diagnostic trouble codes</source>
        <translation>诊断故障码</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>代码</translation>
    </message>
    <message>
        <source>ECU</source>
        <translation>ECU</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>First seen</source>
        <translation>首次出现</translation>
    </message>
    <message>
        <source>Command history</source>
        <translation>命令历史</translation>
    </message>
    <message>
        <source>No command was sent to this vehicle yet.</source>
        <translation>尚未向此车辆发送任何命令。</translation>
    </message>
    <message>
        <source>%1…</source>
        <translation>%1…</translation>
    </message>
    <message>
        <source>Select a vehicle to see its status and send it commands.</source>
        <translation>选择一辆车以查看其状态并向其发送命令。</translation>
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
        <source>Could not load the commands: %1</source>
        <translation>无法加载命令：%1</translation>
    </message>
    <message>
        <source>locked</source>
        <translation>已上锁</translation>
    </message>
    <message>
        <source>unlocked</source>
        <translation>未上锁</translation>
    </message>
    <message>
        <source>running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>on, %1 °C</source>
        <translation>开启，%1 °C</translation>
    </message>
    <message>
        <source>open</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1%</translation>
    </message>
    <message>
        <source>%1 km/h</source>
        <translation>%1 km/h</translation>
    </message>
    <message>
        <source>on</source>
        <translation>开启</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; · &lt;a href=&quot;%2&quot;&gt;map&lt;/a&gt; · %3</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; · &lt;a href=&quot;%2&quot;&gt;地图&lt;/a&gt; · %3</translation>
    </message>
    <message>
        <source>located %1</source>
        <translation>%1定位</translation>
    </message>
    <message>
        <source>Open the position on openstreetmap.org</source>
        <translation>在 openstreetmap.org 上打开该位置</translation>
    </message>
    <message>
        <source>As reported by the vehicle at %1 (%2).</source>
        <translation>由车辆于 %1 上报（%2）。</translation>
    </message>
    <message>
        <source>The vehicle has not reported its status yet; it does with its first full inventory or after a command.</source>
        <translation>车辆尚未上报状态；它会在首次完整清单上报时或执行命令后上报。</translation>
    </message>
    <message>
        <source>State: &lt;b&gt;%1&lt;/b&gt; (%2) · as of %3</source>
        <translation>状态：&lt;b&gt;%1&lt;/b&gt;（%2）· 截至 %3</translation>
    </message>
    <message>
        <source>State: not reported yet</source>
        <translation>状态：尚未上报</translation>
    </message>
    <message>
        <source>● Channel online</source>
        <translation>● 通道在线</translation>
    </message>
    <message>
        <source>○ Channel offline</source>
        <translation>○ 通道离线</translation>
    </message>
    <message>
        <source>The vehicle keeps its notification channel open: a command reaches it within a second</source>
        <translation>车辆保持通知通道开启：命令可在一秒内送达</translation>
    </message>
    <message>
        <source>The vehicle has no notification channel open: a command waits for its next check-in</source>
        <translation>车辆未开启通知通道：命令将等待其下次签到</translation>
    </message>
    <message>
        <source>The vehicle has not reported its trouble codes yet: Read DTCs asks for them.</source>
        <translation>车辆尚未上报故障码：可通过“读取故障码”请求。</translation>
    </message>
    <message>
        <source>No trouble codes stored (as of %1).</source>
        <translation>未存储故障码（截至 %1）。</translation>
    </message>
    <message>
        <source>%1 stored, as of %2.</source>
        <translation>已存储 %1，截至 %2。</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>This vehicle is %1: only accepted vehicles take commands.</source>
        <translation>此车辆状态为“%1”：只有已接受的车辆才能接收命令。</translation>
    </message>
    <message>
        <source>The vehicle&apos;s notification channel is offline: a command will run at its next check-in, and expires in %1 if that does not come first.</source>
        <translation>车辆的通知通道离线：命令将在其下次签到时执行；若 %1 内未签到，命令将过期。</translation>
    </message>
    <message>
        <source>Loading the vehicle…</source>
        <translation>正在加载车辆…</translation>
    </message>
    <message>
        <source>Only accepted vehicles take commands; this one is %1</source>
        <translation>只有已接受的车辆才能接收命令；此车辆状态为“%1”</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>正在发送…</translation>
    </message>
    <message>
        <source>The channel is offline: it will run at the vehicle&apos;s next check-in, and expires in %1 if that does not come first.</source>
        <translation>通道离线：命令将在车辆下次签到时执行；若 %1 内未签到，命令将过期。</translation>
    </message>
    <message>
        <source>Last time:</source>
        <translation>上次：</translation>
    </message>
    <message>
        <source>sending…</source>
        <translation>正在发送…</translation>
    </message>
    <message>
        <source>not sent: %1</source>
        <translation>未发送：%1</translation>
    </message>
    <message>
        <source>not sent yet</source>
        <translation>尚未发送</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>%1 · expires in %2</source>
        <translation>%1 · %2 后过期</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
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
    <message>
        <source>online</source>
        <translation>在线</translation>
    </message>
    <message>
        <source>offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <source>No update assigned to this vehicle</source>
        <translation>此车辆未分配升级</translation>
    </message>
    <message>
        <source>Notification channel online: commands reach the vehicle at once</source>
        <translation>通知通道在线：命令会立即送达车辆</translation>
    </message>
    <message>
        <source>Notification channel offline: commands wait for the vehicle&apos;s next check-in</source>
        <translation>通知通道离线：命令将等待车辆下次签到</translation>
    </message>
    <message>
        <source>Update</source>
        <translation>升级</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>通道</translation>
    </message>
    <message>
        <source>State of the vehicle&apos;s newest update job, with its progress while downloading or installing</source>
        <translation>车辆最新升级任务的状态，下载或安装期间显示进度</translation>
    </message>
    <message>
        <source>Whether the vehicle&apos;s notification channel is open: online vehicles run commands at once, offline ones at their next check-in</source>
        <translation>车辆的通知通道是否开启：在线车辆立即执行命令，离线车辆在下次签到时执行</translation>
    </message>
    <message>
        <source>%1 %2 % · %3</source>
        <translation>%1 %2% · %3</translation>
    </message>
    <message>
        <source>%1 %2 %</source>
        <translation>%1 %2%</translation>
    </message>
    <message>
        <source>Update job %1: %2</source>
        <translation>升级任务 %1：%2</translation>
    </message>
    <message>
        <source>release %1</source>
        <translation>发布版本 %1</translation>
    </message>
    <message>
        <source>Served %1 of %2</source>
        <translation>已传输 %1 / %2</translation>
    </message>
    <message>
        <source>Reason: %1</source>
        <translation>原因：%1</translation>
    </message>
    <message>
        <source>Result: %1</source>
        <translation>结果：%1</translation>
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
    <message>
        <source>&amp;Update…</source>
        <translation>升级(&amp;U)…</translation>
    </message>
    <message>
        <source>&amp;Command…</source>
        <translation>命令(&amp;C)…</translation>
    </message>
    <message>
        <source>Show only vehicles whose notification channel is online, or offline</source>
        <translation>仅显示通知通道在线或离线的车辆</translation>
    </message>
    <message>
        <source>Any channel</source>
        <translation>所有通道</translation>
    </message>
    <message>
        <source>Channel online</source>
        <translation>通道在线</translation>
    </message>
    <message>
        <source>Channel offline</source>
        <translation>通道离线</translation>
    </message>
    <message>
        <source>Assign a release to the selected vehicles</source>
        <translation>为所选车辆分配发布版本</translation>
    </message>
    <message>
        <source>offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>Remote</source>
        <translation>远程</translation>
    </message>
    <message>
        <source>Identity, software, update jobs, sessions and events of the vehicle</source>
        <translation>车辆的标识、软件、升级任务、会话和事件</translation>
    </message>
    <message>
        <source>The vehicle&apos;s status and remote commands: locks, climate, engine, location, LAWMO, trouble codes</source>
        <translation>车辆状态与远程命令：门锁、空调、发动机、位置、LAWMO、故障码</translation>
    </message>
    <message numerus="yes">
        <source>Assign a release to the %n selected vehicles</source>
        <translation>
            <numerusform>为 %n 辆所选车辆分配发布版本</numerusform>
        </translation>
    </message>
    <message>
        <source>Select vehicles to update first</source>
        <translation>请先选择要升级的车辆</translation>
    </message>
    <message numerus="yes">
        <source>Send a remote command to the %n selected vehicles</source>
        <translation>
            <numerusform>向 %n 辆所选车辆发送远程命令</numerusform>
        </translation>
    </message>
    <message>
        <source>Select vehicles to send a command to first</source>
        <translation>请先选择要发送命令的车辆</translation>
    </message>
    <message numerus="yes">
        <source>Update %n vehicles…</source>
        <translation>
            <numerusform>升级 %n 辆车…</numerusform>
        </translation>
    </message>
    <message>
        <source>Update…</source>
        <translation>升级…</translation>
    </message>
    <message numerus="yes">
        <source>Send a command to %n vehicles…</source>
        <translation>
            <numerusform>向 %n 辆车发送命令…</numerusform>
        </translation>
    </message>
    <message>
        <source>Send a command…</source>
        <translation>发送命令…</translation>
    </message>
    <message numerus="yes">
        <source>Block %n vehicles…</source>
        <translation>
            <numerusform>封锁 %n 辆车…</numerusform>
        </translation>
    </message>
    <message>
        <source>Block…</source>
        <translation>封锁…</translation>
    </message>
    <message numerus="yes">
        <source>Unblock %n vehicles</source>
        <translation>
            <numerusform>解除封锁 %n 辆车</numerusform>
        </translation>
    </message>
    <message>
        <source>Unblock</source>
        <translation>解除封锁</translation>
    </message>
</context>
</TS>
