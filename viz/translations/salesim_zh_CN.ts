<?xml version='1.0' encoding='utf-8'?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>VizCharts</name>
    <message>
        <location filename="../charts.cpp" line="+55" />
        <location line="+104" />
        <location line="+371" />
        <source>Revenue</source>
        <translation>营收</translation>
    </message>
    <message>
        <location line="-474" />
        <location line="+106" />
        <source>Win rate</source>
        <translation>签单率</translation>
    </message>
    <message>
        <location line="-105" />
        <source>Over time</source>
        <translation>随时间</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Compare</source>
        <translation>方案对比</translation>
    </message>
    <message>
        <location line="+1" />
        <location line="+763" />
        <source>Sweep</source>
        <translation>参数扫描</translation>
    </message>
    <message>
        <location line="-762" />
        <source>Team</source>
        <translation>团队</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Waterfall</source>
        <translation>瀑布图</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Sensitivity</source>
        <translation>敏感性</translation>
    </message>
    <message>
        <location line="+79" />
        <source>10k CNY</source>
        <comment>money unit: 万元</comment>
        <translation>万元</translation>
    </message>
    <message>
        <location line="+0" />
        <source>M CNY</source>
        <translation>百万元</translation>
    </message>
    <message>
        <location line="+19" />
        <source>Contribution</source>
        <translation>利润贡献</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Gross margin</source>
        <translation>毛利</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Big-deal rate</source>
        <translation>大单率</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Collision rate</source>
        <translation>撞单率</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Deals won</source>
        <translation>签单数</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Average deal size</source>
        <translation>平均单额</translation>
    </message>
    <message>
        <location line="+1" />
        <source>New opportunities</source>
        <translation>新增商机</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Average discount</source>
        <translation>平均折扣</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Cycle time</source>
        <translation>成交周期</translation>
    </message>
    <message>
        <location line="+1" />
        <source>PM utilisation</source>
        <translation>项目经理利用率</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Presales utilisation</source>
        <translation>售前顾问利用率</translation>
    </message>
    <message>
        <location line="+1" />
        <source>PM queue wait</source>
        <translation>等待项目经理</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Presales queue wait</source>
        <translation>等待售前顾问</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Cumulative revenue</source>
        <translation>累计营收</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Opportunity stock</source>
        <translation>商机拥有量</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Headcount</source>
        <translation>人数</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Target attainment</source>
        <translation>业绩完成率</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Total cost</source>
        <translation>总成本</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Return on cost</source>
        <translation>成本回报率</translation>
    </message>
    <message>
        <location line="+48" />
        <source>point %1</source>
        <translation>设计点 %1</translation>
    </message>
    <message>
        <location line="+145" />
        <location line="+55" />
        <source>box: quartiles, whiskers: P10–P90, line: median</source>
        <translation>箱体：四分位数，须线：P10–P90，横线：中位数</translation>
    </message>
    <message>
        <location line="-54" />
        <location line="+55" />
        <source>box: P10–P90 across runs, line: median (P50)</source>
        <translation>箱体：各次运行的 P10–P90，横线：中位数（P50）</translation>
    </message>
    <message>
        <location line="+7" />
        <source>%1 (top to bottom)</source>
        <translation>%1（自上而下）</translation>
    </message>
    <message>
        <location line="+20" />
        <source>Revenue across runs</source>
        <translation>各次运行的营收</translation>
    </message>
    <message>
        <location line="+1" />
        <source>no 'revenue' KPI in this file</source>
        <translation>此文件没有营收（revenue）指标</translation>
    </message>
    <message>
        <location line="+11" />
        <source>this file holds no per-run rows</source>
        <translation>此文件没有逐次运行的数据</translation>
    </message>
    <message>
        <location line="+41" />
        <source>share of runs per revenue bin (%1 bins)</source>
        <translation>各营收区间的运行占比（%1 个区间）</translation>
    </message>
    <message>
        <location line="+2" />
        <location line="+18" />
        <location line="+3" />
        <source>Revenue per run (%1)</source>
        <translation>每次运行的营收（%1）</translation>
    </message>
    <message>
        <location line="-19" />
        <source>Share of runs (%)</source>
        <translation>运行占比（%）</translation>
    </message>
    <message>
        <location line="+15" />
        <source>Revenue per design point</source>
        <translation>各设计点的营收</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Revenue per plan</source>
        <translation>各方案的营收</translation>
    </message>
    <message>
        <location line="+24" />
        <location line="+3" />
        <source>Win rate and big-deal rate</source>
        <translation>签单率与大单率</translation>
    </message>
    <message>
        <location line="-3" />
        <source>no win_rate KPI in this file</source>
        <translation>此文件没有签单率（win_rate）指标</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Rate per run (%)</source>
        <translation>每次运行的比率（%）</translation>
    </message>
    <message>
        <location line="+15" />
        <source>Open opportunities (count)</source>
        <translation>在手商机（个）</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Headcount (people)</source>
        <translation>人数（人）</translation>
    </message>
    <message>
        <location line="+11" />
        <source>%1 over time</source>
        <translation>%1随时间变化</translation>
    </message>
    <message>
        <location line="+26" />
        <source>%1 P10–P90</source>
        <translation>%1 P10–P90</translation>
    </message>
    <message>
        <location line="+12" />
        <source>no '%1' series in this file</source>
        <translation>此文件没有“%1”时间序列</translation>
    </message>
    <message>
        <location line="+1" />
        <source>line: median run, shaded: P10–P90 across runs</source>
        <translation>线：中位数运行，阴影：各次运行的 P10–P90</translation>
    </message>
    <message>
        <location line="+7" />
        <source>Week</source>
        <translation>周</translation>
    </message>
    <message>
        <location line="+119" />
        <source>this file holds no paired comparisons</source>
        <translation>此文件没有配对比较</translation>
    </message>
    <message>
        <location line="+1" />
        <source>one plan only: run `salesim compare` or use the what-if panel</source>
        <translation>只有一个方案：请运行 `salesim compare` 或使用假设分析面板</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Compare: change vs base</source>
        <translation>方案对比：相对基准的变化</translation>
    </message>
    <message>
        <location line="+44" />
        <source>%1 (↓ better)</source>
        <translation>%1（越低越好）</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Paired change vs %1</source>
        <translation>相对 %1 的配对变化</translation>
    </message>
    <message>
        <location line="+0" />
        <source>dot: mean paired difference, bar: 95% CI</source>
        <translation>点：配对差的均值，横条：95% 置信区间</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Change vs base (%)</source>
        <translation>相对基准的变化（%）</translation>
    </message>
    <message>
        <location line="+2" />
        <source>P(plan beats %1)</source>
        <translation>方案胜过 %1 的概率</translation>
    </message>
    <message>
        <location line="+1" />
        <source>share of paired runs (a tie counts half), bar: Wilson 95% CI</source>
        <translation>配对运行中胜出的比例（平局计一半），横条：Wilson 95% 置信区间</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Runs the plan wins (%)</source>
        <translation>方案胜出的运行（%）</translation>
    </message>
    <message>
        <location line="+14" />
        <source>not a sweep: run `salesim sweep` for a parameter study</source>
        <translation>不是参数扫描：请运行 `salesim sweep` 做参数研究</translation>
    </message>
    <message>
        <location line="+29" />
        <location line="+57" />
        <source>%1 vs %2</source>
        <translation>%1 与 %2</translation>
    </message>
    <message>
        <location line="-56" />
        <source>Latin hypercube: one dot per design point (mean across runs)</source>
        <translation>拉丁超立方：每个设计点一个点（各次运行的均值）</translation>
    </message>
    <message>
        <location line="+24" />
        <location line="+72" />
        <source>Mean %1</source>
        <translation>平均%1</translation>
    </message>
    <message>
        <location line="-39" />
        <source>line: mean across runs, shaded: 95% CI of the mean</source>
        <translation>线：各次运行的均值，阴影：均值的 95% 置信区间</translation>
    </message>
    <message>
        <location line="+22" />
        <source>%1 95% CI</source>
        <translation>%1 95% 置信区间</translation>
    </message>
    <message>
        <location line="+34" />
        <source>AM</source>
        <translation>客户经理</translation>
    </message>
    <message>
        <location line="+1" />
        <location line="+106" />
        <location line="+2" />
        <source>PM</source>
        <translation>项目经理</translation>
    </message>
    <message>
        <location line="-107" />
        <location line="+106" />
        <location line="+2" />
        <source>Presales</source>
        <translation>售前顾问</translation>
    </message>
    <message>
        <location line="-107" />
        <source>Manager</source>
        <translation>总经理/总监</translation>
    </message>
    <message>
        <location line="+5" />
        <source>farming</source>
        <translation>经营老客户</translation>
    </message>
    <message>
        <location line="+1" />
        <source>deal work</source>
        <translation>运作项目</translation>
    </message>
    <message>
        <location line="+1" />
        <source>hunting</source>
        <translation>挖商机</translation>
    </message>
    <message>
        <location line="+1" />
        <source>mentoring</source>
        <translation>传帮带</translation>
    </message>
    <message>
        <location line="+1" />
        <source>offside</source>
        <translation>越位</translation>
    </message>
    <message>
        <location line="+1" />
        <source>misplaced</source>
        <translation>错位</translation>
    </message>
    <message>
        <location line="+1" />
        <source>covering</source>
        <translation>补位</translation>
    </message>
    <message>
        <location line="+1" />
        <source>idle</source>
        <translation>空闲</translation>
    </message>
    <message>
        <location line="+8" />
        <source>Hours by role and activity</source>
        <translation>各角色的工时分配</translation>
    </message>
    <message>
        <location line="+11" />
        <source>no hours.&lt;role&gt;.&lt;activity&gt; KPIs in this file</source>
        <translation>此文件没有 hours.&lt;角色&gt;.&lt;活动&gt; 工时指标</translation>
    </message>
    <message>
        <location line="+23" />
        <source>hours</source>
        <translation>小时</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Mean %1 per run</source>
        <translation>每次运行平均%1</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Mean 10k hours per run</source>
        <comment>万小时</comment>
        <translation>每次运行平均工时（万小时）</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Mean thousand hours per run</source>
        <translation>每次运行平均工时（千小时）</translation>
    </message>
    <message>
        <location line="+17" />
        <source>in role: farming, deal work, hunting, mentoring; faults: offside, misplaced, covering</source>
        <translation>本职：经营老客户、运作项目、挖商机、传帮带；站位问题：越位、错位、补位</translation>
    </message>
    <message>
        <location line="+35" />
        <source>Utilisation</source>
        <translation>利用率</translation>
    </message>
    <message>
        <location line="+0" />
        <source>no utilisation KPIs in this file</source>
        <translation>此文件没有利用率指标</translation>
    </message>
    <message>
        <location line="+2" />
        <source>PM and presales utilisation</source>
        <translation>项目经理与售前顾问利用率</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Utilisation (%)</source>
        <translation>利用率（%）</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Queue wait</source>
        <translation>排队等待</translation>
    </message>
    <message>
        <location line="+0" />
        <source>no queue-wait KPIs in this file</source>
        <translation>此文件没有排队等待指标</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Wait for a PM / presales</source>
        <translation>等待项目经理 / 售前顾问</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Wait (days)</source>
        <translation>等待（天）</translation>
    </message>
    <message>
        <location line="+13" />
        <source>Waterfall: fault attribution</source>
        <translation>瀑布图：站位问题归因</translation>
    </message>
    <message>
        <location line="+1" />
        <source>no attribution in this file: run `salesim attribute SCENARIO`</source>
        <translation>此文件没有归因结果：请运行 `salesim attribute 情景文件`</translation>
    </message>
    <message>
        <location line="+44" />
        <source>Disciplined&lt;br&gt;twin</source>
        <translation>站位规范&lt;br&gt;的对照</translation>
    </message>
    <message>
        <location line="+12" />
        <source>Scenario</source>
        <translation>情景</translation>
    </message>
    <message>
        <location line="+10" />
        <source>%1: each fault's share of the gap</source>
        <translation>%1：各站位问题造成的差距</translation>
    </message>
    <message>
        <location line="+1" />
        <source>from the disciplined twin to the scenario: Shapley values over %1 on/off variants (%: of the gap), n=%2 paired runs, whiskers: 95% CI%3</source>
        <translation>从站位规范的对照到该情景：%1 个开/关组合上的 Shapley 值（%：占差距的比例），n=%2 次配对运行，须线：95% 置信区间%3</translation>
    </message>
    <message>
        <location line="+4" />
        <source>; ratio of sums</source>
        <translation>；总和之比</translation>
    </message>
    <message>
        <location line="+69" />
        <source>Sensitivity: which factors matter</source>
        <translation>敏感性：哪些因素重要</translation>
    </message>
    <message>
        <location line="+1" />
        <source>no sensitivity indices in this file: run `salesim sensitivity SCENARIO`</source>
        <translation>此文件没有敏感性指数：请运行 `salesim sensitivity 情景文件`</translation>
    </message>
    <message>
        <location line="+11" />
        <source>μ* (mean |elementary effect|)</source>
        <translation>μ*（基本效应绝对值的均值）</translation>
    </message>
    <message>
        <location line="+1" />
        <source>total S_T</source>
        <translation>总效应 S_T</translation>
    </message>
    <message>
        <location line="+0" />
        <source>first order S_1</source>
        <translation>一阶效应 S_1</translation>
    </message>
    <message>
        <location line="+33" />
        <source>%1: which factors matter</source>
        <translation>%1：哪些因素重要</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Morris screening, %1 trajectories: mean absolute effect of moving each factor over its range; whiskers: 95% bootstrap CI</source>
        <translation>Morris 筛选，%1 条轨迹：各因素在其范围内变动的平均绝对效应；须线：95% 自助法置信区间</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Sobol indices, share of the variance of mean %1 over the factor ranges (N = %2); whiskers: 95% bootstrap CI</source>
        <translation>Sobol 指数：各因素范围内平均%1方差的占比（N = %2）；须线：95% 自助法置信区间</translation>
    </message>
    <message>
        <location line="+19" />
        <source>Sobol index (share of variance)</source>
        <translation>Sobol 指数（方差占比）</translation>
    </message>
    <message>
        <location filename="../page_view.cpp" line="+41" />
        <source>%1 · %2
box %3 – %4, median %5</source>
        <translation>%1 · %2
箱体 %3 – %4，中位数 %5</translation>
    </message>
    <message>
        <location line="+14" />
        <location line="+5" />
        <source>%1: x %2, y %3</source>
        <translation>%1：x %2，y %3</translation>
    </message>
    <message>
        <location line="+165" />
        <source>%1: cannot write PNG</source>
        <translation>%1：无法写入 PNG</translation>
    </message>
    <message>
        <location line="+18" />
        <location line="+6" />
        <source>%1: cannot write SVG</source>
        <translation>%1：无法写入 SVG</translation>
    </message>
</context>
</TS>