<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>Knobs</name>
    <message>
        <location filename="../knob_text.cpp" line="+12"/>
        <source>Head count</source>
        <translation>人数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Offside</source>
        <translation>越位</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Misplaced</source>
        <translation>错位</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Covering</source>
        <translation>补位</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Competitor utility at close</source>
        <translation>竞争对手成交时的效用</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>enabled</source>
        <translation>启用</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>AM does the stage himself</source>
        <translation>客户经理亲自做该阶段的比例</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Queue length that triggers offside</source>
        <translation>触发越位的排队长度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PM hours spent hunting</source>
        <translation>项目经理用于挖商机的工时</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Wait before the manager covers</source>
        <translation>总经理补位前的等待</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Scenario</source>
        <translation>情景</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>people</source>
        <translation>人</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>share</source>
        <translation>占比</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>deals</source>
        <translation>单</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>days</source>
        <translation>天</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>utility</source>
        <translation>效用</translation>
    </message>
</context>
<context>
    <name>VizCharts</name>
    <message>
        <location filename="../charts.cpp" line="+57"/>
        <location line="+105"/>
        <location line="+374"/>
        <source>Revenue</source>
        <translation>营收</translation>
    </message>
    <message>
        <location line="-478"/>
        <location line="+107"/>
        <source>Win rate</source>
        <translation>签单率</translation>
    </message>
    <message>
        <location line="-106"/>
        <source>Over time</source>
        <translation>随时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Compare</source>
        <translation>方案对比</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+767"/>
        <source>Sweep</source>
        <translation>参数扫描</translation>
    </message>
    <message>
        <location line="-766"/>
        <source>Team</source>
        <translation>团队</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Waterfall</source>
        <translation>瀑布图</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sensitivity</source>
        <translation>敏感性</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Backtest</source>
        <translation>回测</translation>
    </message>
    <message>
        <location line="+79"/>
        <source>10k CNY</source>
        <comment>money unit: 万元</comment>
        <translation>万元</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>M CNY</source>
        <translation>百万元</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Contribution</source>
        <translation>利润贡献</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Gross margin</source>
        <translation>毛利</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Big-deal rate</source>
        <translation>大单率</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Collision rate</source>
        <translation>撞单率</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Deals won</source>
        <translation>签单数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Average deal size</source>
        <translation>平均单额</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New opportunities</source>
        <translation>新增商机</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Average discount</source>
        <translation>平均折扣</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cycle time</source>
        <translation>成交周期</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PM utilisation</source>
        <translation>项目经理利用率</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Presales utilisation</source>
        <translation>售前顾问利用率</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PM queue wait</source>
        <translation>等待项目经理</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Presales queue wait</source>
        <translation>等待售前顾问</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cumulative revenue</source>
        <translation>累计营收</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Opportunity stock</source>
        <translation>商机拥有量</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Headcount</source>
        <translation>人数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Target attainment</source>
        <translation>业绩完成率</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Total cost</source>
        <translation>总成本</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Return on cost</source>
        <translation>成本回报率</translation>
    </message>
    <message>
        <location line="+48"/>
        <source>point %1</source>
        <translation>设计点 %1</translation>
    </message>
    <message>
        <location line="+148"/>
        <location line="+55"/>
        <source>box: quartiles, whiskers: P10–P90, line: median</source>
        <translation>箱体：四分位数，须线：P10–P90，横线：中位数</translation>
    </message>
    <message>
        <location line="-54"/>
        <location line="+55"/>
        <source>box: P10–P90 across runs, line: median (P50)</source>
        <translation>箱体：各次运行的 P10–P90，横线：中位数（P50）</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>%1 (top to bottom)</source>
        <translation>%1（自上而下）</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Revenue across runs</source>
        <translation>各次运行的营收</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>no &apos;revenue&apos; KPI in this file</source>
        <translation>此文件没有营收（revenue）指标</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>this file holds no per-run rows</source>
        <translation>此文件没有逐次运行的数据</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>share of runs per revenue bin (%1 bins)</source>
        <translation>各营收区间的运行占比（%1 个区间）</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+18"/>
        <location line="+3"/>
        <source>Revenue per run (%1)</source>
        <translation>每次运行的营收（%1）</translation>
    </message>
    <message>
        <location line="-19"/>
        <source>Share of runs (%)</source>
        <translation>运行占比（%）</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Revenue per design point</source>
        <translation>各设计点的营收</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Revenue per plan</source>
        <translation>各方案的营收</translation>
    </message>
    <message>
        <location line="+24"/>
        <location line="+3"/>
        <source>Win rate and big-deal rate</source>
        <translation>签单率与大单率</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>no win_rate KPI in this file</source>
        <translation>此文件没有签单率（win_rate）指标</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Rate per run (%)</source>
        <translation>每次运行的比率（%）</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Open opportunities (count)</source>
        <translation>在手商机（个）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Headcount (people)</source>
        <translation>人数（人）</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>%1 over time</source>
        <translation>%1随时间变化</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>%1 P10–P90</source>
        <translation>%1 P10–P90</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>no &apos;%1&apos; series in this file</source>
        <translation>此文件没有“%1”时间序列</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>line: median run, shaded: P10–P90 across runs</source>
        <translation>线：中位数运行，阴影：各次运行的 P10–P90</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Week</source>
        <translation>周</translation>
    </message>
    <message>
        <location line="+119"/>
        <source>this file holds no paired comparisons</source>
        <translation>此文件没有配对比较</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>one plan only: run `salesim compare` or use the what-if panel</source>
        <translation>只有一个方案：请运行 `salesim compare` 或使用假设分析面板</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Compare: change vs base</source>
        <translation>方案对比：相对基准的变化</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>%1 (↓ better)</source>
        <translation>%1（越低越好）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Paired change vs %1</source>
        <translation>相对 %1 的配对变化</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>dot: mean paired difference, bar: 95% CI</source>
        <translation>点：配对差的均值，横条：95% 置信区间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Change vs base (%)</source>
        <translation>相对基准的变化（%）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>P(plan beats %1)</source>
        <translation>方案胜过 %1 的概率</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>share of paired runs (a tie counts half), bar: Wilson 95% CI</source>
        <translation>配对运行中胜出的比例（平局计一半），横条：Wilson 95% 置信区间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Runs the plan wins (%)</source>
        <translation>方案胜出的运行（%）</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>not a sweep: run `salesim sweep` for a parameter study</source>
        <translation>不是参数扫描：请运行 `salesim sweep` 做参数研究</translation>
    </message>
    <message>
        <location line="+29"/>
        <location line="+57"/>
        <source>%1 vs %2</source>
        <translation>%1 与 %2</translation>
    </message>
    <message>
        <location line="-56"/>
        <source>Latin hypercube: one dot per design point (mean across runs)</source>
        <translation>拉丁超立方：每个设计点一个点（各次运行的均值）</translation>
    </message>
    <message>
        <location line="+24"/>
        <location line="+72"/>
        <source>Mean %1</source>
        <translation>平均%1</translation>
    </message>
    <message>
        <location line="-39"/>
        <source>line: mean across runs, shaded: 95% CI of the mean</source>
        <translation>线：各次运行的均值，阴影：均值的 95% 置信区间</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>%1 95% CI</source>
        <translation>%1 95% 置信区间</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>AM</source>
        <translation>客户经理</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+110"/>
        <location line="+2"/>
        <source>PM</source>
        <translation>项目经理</translation>
    </message>
    <message>
        <location line="-111"/>
        <location line="+110"/>
        <location line="+2"/>
        <source>Presales</source>
        <translation>售前顾问</translation>
    </message>
    <message>
        <location line="-111"/>
        <source>Manager</source>
        <translation>总经理/总监</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>farming</source>
        <translation>经营老客户</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>deal work</source>
        <translation>运作项目</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>hunting</source>
        <translation>挖商机</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>mentoring</source>
        <translation>传帮带</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>offside</source>
        <translation>越位</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>misplaced</source>
        <translation>错位</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>covering</source>
        <translation>补位</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>idle</source>
        <translation>空闲</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Hours by role and activity</source>
        <translation>各角色的工时分配</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>no hours.&lt;role&gt;.&lt;activity&gt; KPIs in this file</source>
        <translation>此文件没有 hours.&lt;角色&gt;.&lt;活动&gt; 工时指标</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>hours</source>
        <translation>小时</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mean %1 per run</source>
        <translation>每次运行平均%1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mean 10k hours per run</source>
        <comment>万小时</comment>
        <translation>每次运行平均工时（万小时）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mean thousand hours per run</source>
        <translation>每次运行平均工时（千小时）</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>in role: farming, deal work, hunting, mentoring; faults: offside, misplaced, covering</source>
        <translation>本职：经营老客户、运作项目、挖商机、传帮带；站位问题：越位、错位、补位</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>Utilisation</source>
        <translation>利用率</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>no utilisation KPIs in this file</source>
        <translation>此文件没有利用率指标</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>PM and presales utilisation</source>
        <translation>项目经理与售前顾问利用率</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Utilisation (%)</source>
        <translation>利用率（%）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Queue wait</source>
        <translation>排队等待</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>no queue-wait KPIs in this file</source>
        <translation>此文件没有排队等待指标</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Wait for a PM / presales</source>
        <translation>等待项目经理 / 售前顾问</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Wait (days)</source>
        <translation>等待（天）</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Waterfall: fault attribution</source>
        <translation>瀑布图：站位问题归因</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>no attribution in this file: run `salesim attribute SCENARIO`</source>
        <translation>此文件没有归因结果：请运行 `salesim attribute 情景文件`</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>Disciplined&lt;br&gt;twin</source>
        <translation>站位规范&lt;br&gt;的对照</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Scenario</source>
        <translation>情景</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>%1: each fault&apos;s share of the gap</source>
        <translation>%1：各站位问题造成的差距</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>from the disciplined twin to the scenario: Shapley values over %1 on/off variants (%: of the gap), n=%2 paired runs, whiskers: 95% CI%3</source>
        <translation>从站位规范的对照到该情景：%1 个开/关组合上的 Shapley 值（%：占差距的比例），n=%2 次配对运行，须线：95% 置信区间%3</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>; ratio of sums</source>
        <translation>；总和之比</translation>
    </message>
    <message>
        <location line="+69"/>
        <source>Sensitivity: which factors matter</source>
        <translation>敏感性：哪些因素重要</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>no sensitivity indices in this file: run `salesim sensitivity SCENARIO`</source>
        <translation>此文件没有敏感性指数：请运行 `salesim sensitivity 情景文件`</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>μ* (mean |elementary effect|)</source>
        <translation>μ*（基本效应绝对值的均值）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>total S_T</source>
        <translation>总效应 S_T</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>first order S_1</source>
        <translation>一阶效应 S_1</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>%1: which factors matter</source>
        <translation>%1：哪些因素重要</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Morris screening, %1 trajectories: mean absolute effect of moving each factor over its range; whiskers: 95% bootstrap CI</source>
        <translation>Morris 筛选，%1 条轨迹：各因素在其范围内变动的平均绝对效应；须线：95% 自助法置信区间</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Sobol indices, share of the variance of mean %1 over the factor ranges (N = %2); whiskers: 95% bootstrap CI</source>
        <translation>Sobol 指数：各因素范围内平均%1方差的占比（N = %2）；须线：95% 自助法置信区间</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Sobol index (share of variance)</source>
        <translation>Sobol 指数（方差占比）</translation>
    </message>
    <message>
        <location filename="../page_view.cpp" line="+44"/>
        <source>%1 · %2
box %3 – %4, median %5</source>
        <translation>%1 · %2
箱体 %3 – %4，中位数 %5</translation>
    </message>
    <message>
        <location line="+14"/>
        <location line="+5"/>
        <source>%1: x %2, y %3</source>
        <translation>%1：x %2，y %3</translation>
    </message>
    <message>
        <location line="+189"/>
        <source>%1: cannot write SVG</source>
        <translation>%1：无法写入 SVG</translation>
    </message>
    <message>
        <location filename="../backtest_chart.cpp" line="+70"/>
        <location line="+96"/>
        <source>no such statistic in this backtest</source>
        <translation>此回测没有该统计量</translation>
    </message>
    <message>
        <location line="-63"/>
        <location line="+98"/>
        <source>P10–P90</source>
        <translation>P10–P90</translation>
    </message>
    <message>
        <location line="-92"/>
        <location line="+102"/>
        <source>median</source>
        <translation>中位数</translation>
    </message>
    <message>
        <location line="-94"/>
        <location line="+101"/>
        <source>observed</source>
        <translation>实际</translation>
    </message>
    <message>
        <location line="-87"/>
        <location line="+94"/>
        <source>outside</source>
        <translation>超出范围</translation>
    </message>
    <message>
        <location line="-82"/>
        <source>win</source>
        <translation>签</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>S</source>
        <translation>S</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>C</source>
        <translation>C</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Win rate, deal size (S), cycle time (C)</source>
        <translation>签单率 (签)、单额 (S)、成交周期 (C)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>KS size</source>
        <translation>KS 单额</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>KS cycle</source>
        <translation>KS 成交周期</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>: not enough data</source>
        <translation>：数据不足</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> D %1: p %2 by simulation, %3 asymptotic</source>
        <translation> D %1：模拟 p 值 %2，渐近 p 值 %3</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>% of the simulated median</source>
        <translation>占仿真中位数的 %</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>% of median</source>
        <translation>占中位数的 %</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>Backtest: observed against simulated</source>
        <translation>回测：实际与仿真对比</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>no backtest in this file: run `salesim backtest SCENARIO --actual EXPORT_DIR`</source>
        <translation>此文件没有回测：请运行 `salesim backtest 情景文件 --actual 导出目录`</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>%1 to %2 (exclusive)</source>
        <translation>%1 至 %2（不含）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Opportunities per month</source>
        <translation>每月新增商机</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1, %2 replications, %3</source>
        <translation>%1，%2 次运行，%3</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>opportunities created</source>
        <translation>新建商机数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Revenue per quarter</source>
        <translation>每季度营收</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 of %2 statistics inside the band: %3</source>
        <translation>%2 个统计量中 %1 个在区间内：%3</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>MISFIT</source>
        <translation>不吻合</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>too few replications to judge (need %1)</source>
        <translation>重复次数太少，无法判断（至少需要 %1 次）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>no significant misfit</source>
        <translation>无显著不吻合</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>won (10k CNY)</source>
        <translation>签单额（万元）</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>won (M CNY)</source>
        <translation>签单额（百万元）</translation>
    </message>
</context>
<context>
    <name>salesim</name>
    <message>
        <location filename="../plans.cpp" line="+193"/>
        <location line="+5"/>
        <source>no plan %1</source>
        <translation>没有方案 %1</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Plan %1</source>
        <translation>方案 %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+8"/>
        <location line="+11"/>
        <source>a plan named &apos;%1&apos; exists already</source>
        <translation>已有名为“%1”的方案</translation>
    </message>
    <message>
        <location line="-12"/>
        <source>%1 copy</source>
        <translation>%1 副本</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>a plan needs a name</source>
        <translation>方案需要名称</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Plan &quot;%1&quot;, saved by salesim-viz: the base scenario and what this plan changes.</source>
        <translation>方案“%1”，由 salesim-viz 保存：基准情景及此方案的改动。</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>The base scenario of the plans beside it, as salesim-viz loaded it.</source>
        <translation>旁边各方案的基准情景，即 salesim-viz 加载时的内容。</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>no plans to run: add a plan first</source>
        <translation>没有可运行的方案：请先添加方案</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>the base has %1</source>
        <translation>基准为 %1</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>not a folder</source>
        <translation>不是文件夹</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>%1 files overlay %2 and %3 files overlay %4: which one is the workshop&apos;s base? Leave one base in the folder, or point every team file&apos;s base: at the same file</source>
        <translation>%1 个文件叠加在 %2 上，%3 个文件叠加在 %4 上：哪一个是研讨会的基准？文件夹里只留一个基准，或让每个组文件的 base: 指向同一个文件</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>not a team file: it has no base: (the teams&apos; base is %1)</source>
        <translation>不是组文件：它没有 base:（各组的基准是 %1）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>its base: is %1, the other teams&apos; is %2; left out</source>
        <translation>它的 base: 是 %1，其他组的是 %2；已排除</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>sets the run settings %1; every team runs on the base&apos;s (the same market for all), so remove the experiment block from this file; left out</source>
        <translation>设置了运行参数 %1；所有组都用基准的运行参数（同一批市场），请删掉这个文件里的 experiment 块；已排除</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>name %1 is taken by another plan; give this team another name:; left out</source>
        <translation>名称 %1 已被另一个方案使用；请给这一组另起一个 name:；已排除</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>no .txtpb files in this folder</source>
        <translation>这个文件夹里没有 .txtpb 文件</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>no team files to run (a team file&apos;s base: names the base file of this folder, e.g. base: &quot;branch.txtpb&quot;)</source>
        <translation>没有可运行的组文件（组文件的 base: 指向本文件夹里的基准文件，例如 base: &quot;branch.txtpb&quot;）</translation>
    </message>
    <message>
        <location filename="../workshop_window.cpp" line="+72"/>
        <source>leaderboard</source>
        <translation>排行榜</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>hours by role and activity (offside, misplaced, covering)</source>
        <translation>各角色的工时分配（越位、错位、补位）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>each plan against the base</source>
        <translation>各方案与基准对比</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>nothing to debrief: no plans have run yet</source>
        <translation>没有可复盘的内容：还没有运行任何方案</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>cannot start the PDF</source>
        <translation>无法开始写 PDF</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>cannot finish the PDF</source>
        <translation>无法完成 PDF</translation>
    </message>
    <message>
        <location line="+311"/>
        <source>no team plan ran</source>
        <translation>没有团队方案运行</translation>
    </message>
    <message>
        <location filename="../file_output.cpp" line="+42"/>
        <source>cannot encode the image as %1</source>
        <translation>无法把图像编码为 %1</translation>
    </message>
</context>
<context>
    <name>salesim::viz::LeaderboardView</name>
    <message>
        <location filename="../leaderboard_view.cpp" line="+103"/>
        <source>Rank by:</source>
        <translation>排名依据：</translation>
    </message>
    <message>
        <location line="+90"/>
        <source>Rank</source>
        <translation>名次</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Plan</source>
        <translation>方案</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Mean</source>
        <translation>均值</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+1"/>
        <source>95% CI</source>
        <translation>95% 置信区间</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>vs leader</source>
        <translation>与第一名之差</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Beats leader</source>
        <translation>胜过第一名</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>P(best)</source>
        <translation>最优概率</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>One plan only: a leaderboard needs two or more plans (Run all, or a compare).</source>
        <translation>只有一个方案：排行榜需要两个或更多方案（全部运行，或方案对比）。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>These results hold no ranking (rerun them with this version).</source>
        <translation>这些结果没有排名（请用此版本重新运行）。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Leaderboard: %1%2</source>
        <translation>排行榜：%1%2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> (lower is better)</source>
        <translation>（越低越好）</translation>
    </message>
    <message>
        <location line="+16"/>
        <source> (base)</source>
        <translation>（基准）</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>leader</source>
        <translation>第一名</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>cannot be told apart from the best (95% MCB)</source>
        <translation>与最优方案无法区分（95% 多重比较最优 MCB）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 paired runs per plan on the same markets (common random numbers). vs leader: mean paired difference with its 95% CI; beats leader: share of paired runs (a tie counts half); P(best): chance the plan is truly best; ★: cannot be told apart from the best (95% MCB).</source>
        <translation>每个方案在相同市场上配对运行 %1 次（公共随机数）。与第一名之差：配对差的均值及其 95% 置信区间；胜过第一名：配对运行中胜出的比例（平局计一半）；最优概率：该方案确实最优的概率；★：与最优方案无法区分（95% 多重比较最优 MCB）。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>This build has no experiment layer: no leaderboard.</source>
        <translation>此版本不含实验层：没有排行榜。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Leaderboard</source>
        <translation>排行榜</translation>
    </message>
</context>
<context>
    <name>salesim::viz::MainWindow</name>
    <message>
        <location filename="../main_window.cpp" line="+57"/>
        <source>: %1 to %2</source>
        <translation>：%1 到 %2</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+1"/>
        <source>any</source>
        <translation>不限</translation>
    </message>
    <message>
        <location line="+60"/>
        <location line="+420"/>
        <source>Leaderboard</source>
        <translation>排行榜</translation>
    </message>
    <message>
        <location line="-406"/>
        <source>Open a results.pb or a scenario (File › Open, or drop it here)</source>
        <translation>打开 results.pb 或情景文件（文件 › 打开，或拖放到此处）</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Open…</source>
        <translation>打开(&amp;O)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Open results or scenario</source>
        <translation>打开结果或情景</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>salesim files (*.pb *.txtpb *.textproto *.pbtxt *.json);;All files (*)</source>
        <translation>salesim 文件 (*.pb *.txtpb *.textproto *.pbtxt *.json);;所有文件 (*)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Export chart as &amp;PNG…</source>
        <translation>将图表导出为 &amp;PNG…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export chart as &amp;SVG…</source>
        <translation>将图表导出为 &amp;SVG…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export chart data as &amp;CSV…</source>
        <translation>将图表数据导出为 &amp;CSV…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export &amp;debrief PDF…</source>
        <translation>导出复盘 PDF(&amp;D)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Nothing to debrief: run two or more plans first (Run all).</source>
        <translation>没有可复盘的内容：请先运行两个或更多方案（全部运行）。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Debrief PDF</source>
        <translation>复盘 PDF</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Debrief: %1</source>
        <translation>复盘：%1</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+374"/>
        <location line="+19"/>
        <source>Wrote %1</source>
        <translation>已写入 %1</translation>
    </message>
    <message>
        <location line="-390"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Charts</source>
        <translation>图表</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+443"/>
        <source>Open…</source>
        <translation>打开…</translation>
    </message>
    <message>
        <location line="-438"/>
        <source> Sweep / waterfall KPI: </source>
        <translation> 扫描 / 瀑布图指标：</translation>
    </message>
    <message>
        <location line="+14"/>
        <location line="+234"/>
        <source>What-if</source>
        <translation>假设分析</translation>
    </message>
    <message>
        <location line="-219"/>
        <source>Replications</source>
        <translation>运行次数</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reset</source>
        <translation>重置</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>This build cannot simulate (no experiment layer).</source>
        <translation>此版本无法仿真（不含实验层）。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open a results file or a scenario first.</source>
        <translation>请先打开结果文件或情景文件。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The what-if panel works on a run or a compare, not a sweep.</source>
        <translation>假设分析面板适用于单次运行或方案对比，不适用于参数扫描。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This file carries no scenario to re-run.</source>
        <translation>此文件不含可重新运行的情景。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No knobs: this build has no scenario layer.</source>
        <translation>没有可调参数：此版本不含情景层。</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+7"/>
        <source>The knobs do not fit this scenario: %1</source>
        <translation>参数与此情景不符：%1</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Baseline: &lt;b&gt;%1&lt;/b&gt;</source>
        <translation>基准：&lt;b&gt;%1&lt;/b&gt;</translation>
    </message>
    <message>
        <location line="+75"/>
        <source>A simulation is running; cancel it first.</source>
        <translation>仿真正在运行；请先取消。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>%1: this salesim-viz was built without the simulator; open a results.pb instead.</source>
        <translation>%1：此 salesim-viz 构建时未包含仿真器；请改为打开 results.pb。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Simulating %1</source>
        <translation>正在仿真 %1</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>salesim-viz — %1</source>
        <translation>salesim-viz — %1</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>%1: %2 plan(s), %3 runs each</source>
        <translation>%1：%2 个方案，各运行 %3 次</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>The what-if panel is not available for this file (see the panel).</source>
        <translation>此文件无法使用假设分析面板（见面板说明）。</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>What-if (%1) took %2 s for %3 runs of each plan.</source>
        <translation>假设分析（%1）每个方案运行 %3 次，用时 %2 秒。</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>unknown error</source>
        <translation>未知错误</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>%1: done in %2 s</source>
        <translation>%1：完成，用时 %2 秒</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1: cancelled</source>
        <translation>%1：已取消</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 cancelled.</source>
        <translation>%1 已取消。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 failed:
%2</source>
        <translation>%1 失败：
%2</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1…</source>
        <translation>%1…</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Nothing to export: open a results file first.</source>
        <translation>没有可导出的内容：请先打开结果文件。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The leaderboard&apos;s numbers are in ranking.csv of `salesim compare`; export it as PNG or SVG.</source>
        <translation>排行榜的数字在 `salesim compare` 的 ranking.csv 中；请导出为 PNG 或 SVG。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Export leaderboard</source>
        <translation>导出排行榜</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>PNG image (*.png)</source>
        <translation>PNG 图片 (*.png)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>SVG drawing (*.svg)</source>
        <translation>SVG 矢量图 (*.svg)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>CSV table (*.csv)</source>
        <translation>CSV 表格 (*.csv)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export %1</source>
        <translation>导出 %1</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Drop a local results.pb or scenario file.</source>
        <translation>请拖放本地的 results.pb 或情景文件。</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Plans</source>
        <translation>方案</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Named plans over the baseline. Select one to edit its knobs below; Run all runs the baseline and every plan on the same markets.</source>
        <translation>基于基准的命名方案。选中一个可在下方调整参数；“全部运行”在相同市场上运行基准和每个方案。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Duplicate</source>
        <translation>复制</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rename…</source>
        <translation>重命名…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Rename plan</source>
        <translation>重命名方案</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Open plan</source>
        <translation>打开方案</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Scenario files (*.txtpb *.textproto *.pbtxt *.json)</source>
        <translation>情景文件 (*.txtpb *.textproto *.pbtxt *.json)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Save…</source>
        <translation>保存…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Save plan as overlay</source>
        <translation>将方案保存为叠加文件</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Scenario overlay (*.txtpb)</source>
        <translation>情景叠加文件 (*.txtpb)</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+146"/>
        <source>Run all</source>
        <translation>全部运行</translation>
    </message>
    <message>
        <location line="-145"/>
        <source>Run the baseline and every plan on the same markets and rank them</source>
        <translation>在相同市场上运行基准和每个方案并排名</translation>
    </message>
    <message>
        <location line="+50"/>
        <source>Plans need a baseline with a scenario: open a scenario or a run&apos;s results first.</source>
        <translation>方案需要带情景的基准：请先打开一个情景文件或一次运行的结果。</translation>
    </message>
    <message>
        <location line="+61"/>
        <source>Saved plan %1 to %2</source>
        <translation>已将方案 %1 保存到 %2</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>No plans to run: add a plan first.</source>
        <translation>没有可运行的方案：请先添加方案。</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Run all: %1 plans and the baseline took %2 s for %3 runs of each plan.</source>
        <translation>全部运行：%1 个方案和基准，每个方案运行 %3 次，用时 %2 秒。</translation>
    </message>
</context>
<context>
    <name>salesim::viz::WorkshopWindow</name>
    <message>
        <location filename="../workshop_window.cpp" line="-293"/>
        <source>salesim-viz workshop — %1</source>
        <translation>salesim-viz 培训 — %1</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Leaderboard</source>
        <translation>排行榜</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Hours by activity</source>
        <translation>各活动工时</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Compare</source>
        <translation>方案对比</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Workshop</source>
        <translation>培训</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rerun</source>
        <translation>重新运行</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Debrief PDF…</source>
        <translation>复盘 PDF…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Debrief PDF</source>
        <translation>复盘 PDF</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Wrote %1</source>
        <translation>已写入 %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Full screen</source>
        <translation>全屏</translation>
    </message>
    <message>
        <location line="+3"/>
        <source> Runs per plan: </source>
        <translation> 每方案运行次数：</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>as the scenario</source>
        <translation>按情景设置</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Watching %1</source>
        <translation>正在监视 %1</translation>
    </message>
    <message>
        <location line="+175"/>
        <source>STALE: the leaderboard below is from the previous run; the rerun failed:
%1</source>
        <translation>STALE（已过期）：下面的排行榜是上一次运行的结果；这次重算失败：
%1</translation>
    </message>
    <message>
        <location line="-59"/>
        <source>%1 teams and the base, %2 runs each, in %3 s; watching %4 for changes</source>
        <translation>%1 个团队和基准，各运行 %2 次，用时 %3 秒；正在监视 %4 的变化</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Run cancelled.</source>
        <translation>运行已取消。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The run failed:
%1</source>
        <translation>运行失败：
%1</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Running %1 team plans and the base…</source>
        <translation>正在运行 %1 个团队方案和基准…</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>--kpi: unknown KPI %1 for the leaderboard: use one of %2</source>
        <translation>--kpi：排行榜没有 KPI %1：可用的有 %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Base: %1 · teams: %2</source>
        <translation>基准：%1 · 团队：%2</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Debrief: %1</source>
        <translation>复盘：%1</translation>
    </message>
</context>
</TS>
