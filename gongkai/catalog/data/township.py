"""A township government's 公开事项目录: the fifteen kinds of 条例第二十条 and the township
topics of 第二十一条, each split into the 二级事项 a township actually publishes."""

from __future__ import annotations

TIAOLI = "《中华人民共和国政府信息公开条例》"
WEB = ["website", "notice_board"]
WEB_HALL = ["website", "service_center", "notice_board"]
T20 = "信息形成或者变更之日起20个工作日内"

TOWNSHIP: list[dict] = [
    {
        "code": "t01",
        "name": "规范性文件",
        "basis": TIAOLI + "第二十条第（一）项",
        "children": [
            {
                "code": "t01-01",
                "name": "本级规范性文件",
                "content": "文件名称、文号、成文日期、正文、有效性",
                "basis": TIAOLI
                + "第二十条第（一）项；《国务院办公厅关于加强行政规范性文件制定和监督管理工作的通知》",
                "time_limit": "文件印发之日起20个工作日内",
                "channels": ["website", "reading_point"],
            },
            {
                "code": "t01-02",
                "name": "政策解读",
                "content": "解读文件的背景、依据、主要内容和解释说明",
                "basis": TIAOLI + "第二十条第（一）项",
                "time_limit": "与文件同步发布",
                "channels": ["website", "new_media"],
            },
        ],
    },
    {
        "code": "t02",
        "name": "机构职能",
        "basis": TIAOLI + "第二十条第（二）项",
        "children": [
            {
                "code": "t02-01",
                "name": "机构设置和职能",
                "content": "内设机构、主要职能、办公地址、办公时间",
                "channels": WEB,
            },
            {
                "code": "t02-02",
                "name": "领导信息",
                "content": "领导姓名、职务、分工",
                "channels": ["website"],
            },
            {
                "code": "t02-03",
                "name": "联系方式",
                "content": "联系电话、通信地址、电子邮箱",
                "channels": WEB,
            },
        ],
    },
    {
        "code": "t03",
        "name": "规划计划",
        "basis": TIAOLI + "第二十条第（三）项",
        "children": [
            {
                "code": "t03-01",
                "name": "国民经济和社会发展规划",
                "content": "发展规划、年度工作计划及执行情况",
                "channels": ["website"],
            },
            {
                "code": "t03-02",
                "name": "乡镇国土空间规划",
                "content": "规划文本、图件、批复",
                "basis": "《中华人民共和国城乡规划法》；" + TIAOLI + "第二十条第（三）项",
                "channels": ["website", "notice_board"],
            },
        ],
    },
    {
        "code": "t04",
        "name": "统计信息",
        "basis": TIAOLI + "第二十条第（四）项；《中华人民共和国统计法》",
        "children": [
            {
                "code": "t04-01",
                "name": "经济社会发展统计数据",
                "content": "主要统计指标、统计公报",
                "time_limit": "统计数据发布之日起20个工作日内",
                "channels": ["website"],
            },
        ],
    },
    {
        "code": "t05",
        "name": "行政许可和其他对外管理服务事项",
        "basis": TIAOLI + "第二十条第（五）项；《中华人民共和国行政许可法》",
        "children": [
            {
                "code": "t05-01",
                "name": "办事指南",
                "content": "事项名称、依据、条件、材料、流程、时限、收费、咨询电话",
                "channels": WEB_HALL,
            },
            {
                "code": "t05-02",
                "name": "办理结果",
                "content": "申请人、事项、结果、日期",
                "time_limit": "作出决定之日起7个工作日内",
                "channels": ["website"],
            },
        ],
    },
    {
        "code": "t06",
        "name": "行政处罚和行政强制",
        "basis": TIAOLI
        + "第二十条第（六）项；《中华人民共和国行政处罚法》；《中华人民共和国行政强制法》",
        "children": [
            {
                "code": "t06-01",
                "name": "执法依据和程序",
                "content": "执法主体、依据、程序、救济途径",
                "channels": ["website"],
            },
            {
                "code": "t06-02",
                "name": "行政处罚决定",
                "content": "具有一定社会影响的行政处罚决定（个人信息脱敏）",
                "basis": "《中华人民共和国行政处罚法》第四十八条",
                "time_limit": "作出决定之日起7个工作日内",
                "channels": ["website"],
            },
        ],
    },
    {
        "code": "t07",
        "name": "财政预算决算",
        "basis": TIAOLI + "第二十条第（七）项；《中华人民共和国预算法》第十四条",
        "children": [
            {
                "code": "t07-01",
                "name": "财政预算",
                "content": "本级预算及报表、预算说明、“三公”经费预算",
                "time_limit": "批准之日起20日内",
                "channels": ["website", "reading_point"],
            },
            {
                "code": "t07-02",
                "name": "财政决算",
                "content": "本级决算及报表、决算说明、“三公”经费决算",
                "time_limit": "批准之日起20日内",
                "channels": ["website", "reading_point"],
            },
        ],
    },
    {
        "code": "t08",
        "name": "行政事业性收费",
        "basis": TIAOLI + "第二十条第（八）项",
        "children": [
            {
                "code": "t08-01",
                "name": "收费项目、依据和标准",
                "content": "项目名称、依据、标准",
                "channels": WEB_HALL,
            },
        ],
    },
    {
        "code": "t09",
        "name": "政府集中采购",
        "basis": TIAOLI
        + "第二十条第（九）项；《中华人民共和国政府采购法》；《中华人民共和国政府采购法实施条例》",
        "children": [
            {
                "code": "t09-01",
                "name": "采购项目",
                "content": "采购项目目录、标准、采购意向",
                "channels": ["website"],
            },
            {
                "code": "t09-02",
                "name": "采购结果",
                "content": "中标或成交供应商、金额、合同",
                "time_limit": "合同签订之日起2个工作日内",
                "basis": "《中华人民共和国政府采购法实施条例》第五十条",
                "channels": ["website"],
            },
        ],
    },
    {
        "code": "t10",
        "name": "重大建设项目",
        "basis": TIAOLI + "第二十条第（十）项；《中华人民共和国招标投标法》",
        "children": [
            {
                "code": "t10-01",
                "name": "项目批准和实施",
                "content": "批准文件、招标投标、征收补偿、施工、验收",
                "channels": WEB,
            },
        ],
    },
    {
        "code": "t11",
        "name": "民生保障",
        "basis": TIAOLI + "第二十条第（十一）项",
        "children": [
            {
                "code": "t11-01",
                "name": "扶贫和乡村振兴",
                "content": "帮扶政策、项目、资金使用",
                "channels": WEB,
            },
            {
                "code": "t11-02",
                "name": "教育",
                "basis": "《中华人民共和国义务教育法》；" + TIAOLI + "第二十条第（十一）项",
                "content": "义务教育入学政策、资助政策",
                "channels": ["website"],
            },
            {
                "code": "t11-03",
                "name": "医疗卫生",
                "basis": "《中华人民共和国基本医疗卫生与健康促进法》；"
                + TIAOLI
                + "第二十条第（十一）项",
                "content": "基本公共卫生服务、医疗保障政策",
                "channels": ["website"],
            },
            {
                "code": "t11-04",
                "name": "社会保障",
                "basis": "《中华人民共和国社会保险法》；" + TIAOLI + "第二十条第（十一）项",
                "content": "养老、医疗保险参保政策和办理流程",
                "channels": WEB_HALL,
            },
            {
                "code": "t11-05",
                "name": "促进就业",
                "basis": "《中华人民共和国就业促进法》；" + TIAOLI + "第二十条第（十一）项",
                "content": "就业创业政策、招聘信息、技能培训",
                "channels": WEB,
            },
        ],
    },
    {
        "code": "t12",
        "name": "突发公共事件",
        "basis": TIAOLI + "第二十条第（十二）项；《中华人民共和国突发事件应对法》",
        "children": [
            {
                "code": "t12-01",
                "name": "应急预案",
                "content": "本级突发事件应急预案",
                "channels": ["website"],
            },
            {
                "code": "t12-02",
                "name": "预警信息和应对情况",
                "content": "预警信息、应对处置情况",
                "time_limit": "及时发布",
                "channels": ["website", "broadcast", "targeted_push", "notice_board"],
            },
        ],
    },
    {
        "code": "t13",
        "name": "环境保护、公共卫生、安全生产、食品药品、产品质量监督检查",
        "basis": TIAOLI + "第二十条第（十三）项",
        "children": [
            {
                "code": "t13-01",
                "name": "监督检查情况",
                "content": "检查计划、检查结果、整改情况",
                "channels": ["website"],
            },
        ],
    },
    {
        "code": "t14",
        "name": "公务员招考",
        "basis": TIAOLI + "第二十条第（十四）项；《中华人民共和国公务员法》",
        "children": [
            {
                "code": "t14-01",
                "name": "招考录用",
                "content": "职位、名额、报考条件、录用结果",
                "channels": ["website"],
            },
        ],
    },
    {
        "code": "t15",
        "name": "其他依法应当主动公开的信息",
        "basis": TIAOLI + "第二十条第（十五）项",
        "children": [
            {
                "code": "t15-01",
                "name": "政府信息公开指南",
                "basis": TIAOLI + "第十二条",
                "time_limit": "变更之日起20个工作日内",
                "content": "公开范围、途径，依申请公开的受理机构和程序",
                "channels": WEB,
            },
            {
                "code": "t15-02",
                "name": "政府信息公开工作年度报告",
                "basis": TIAOLI + "第四十九条、第五十条",
                "time_limit": "每年1月31日前",
                "content": "上一年度政府信息公开工作情况",
                "channels": ["website"],
            },
        ],
    },
    {
        "code": "t16",
        "name": "乡镇重点公开事项",
        "basis": TIAOLI + "第二十一条",
        "tier": "township",
        "children": [
            {
                "code": "t16-01",
                "name": "贯彻落实农业农村政策",
                "content": "惠农补贴政策、补贴对象和标准、发放情况",
                "basis": TIAOLI + "第二十一条；《中华人民共和国农业法》",
                "channels": ["website", "notice_board", "door_to_door"],
            },
            {
                "code": "t16-02",
                "name": "农田水利工程建设运营",
                "content": "项目名称、资金、建设单位、进度、管护",
                "basis": TIAOLI + "第二十一条；《农田水利条例》",
                "channels": WEB,
            },
            {
                "code": "t16-03",
                "name": "农村土地承包经营权流转",
                "content": "流转政策、程序、合同示范文本、流转情况",
                "basis": TIAOLI
                + "第二十一条；《中华人民共和国农村土地承包法》；《农村土地经营权流转管理办法》",
                "channels": WEB,
            },
            {
                "code": "t16-04",
                "name": "宅基地使用情况审核",
                "content": "申请条件、审批程序、审批结果",
                "basis": TIAOLI + "第二十一条；《中华人民共和国土地管理法》第六十二条",
                "time_limit": "审批之日起20个工作日内",
                "channels": WEB_HALL,
            },
            {
                "code": "t16-05",
                "name": "土地征收",
                "content": "征收土地预公告、补偿安置方案、补偿登记、听证",
                "basis": TIAOLI
                + "第二十一条；《中华人民共和国土地管理法》第四十七条；《中华人民共和国土地管理法实施条例》",
                "time_limit": "依土地征收程序规定的时间",
                "channels": ["website", "notice_board", "press"],
            },
            {
                "code": "t16-06",
                "name": "房屋征收",
                "content": "征收决定、补偿方案、补偿结果",
                "basis": TIAOLI + "第二十一条",
                "channels": ["website", "notice_board"],
            },
            {
                "code": "t16-07",
                "name": "筹资筹劳",
                "content": "一事一议筹资筹劳项目、金额、使用",
                "basis": TIAOLI + "第二十一条",
                "channels": ["notice_board", "website"],
            },
            {
                "code": "t16-08",
                "name": "社会救助",
                "content": "最低生活保障、特困人员供养、临时救助的政策、对象（脱敏）和标准",
                "basis": TIAOLI + "第二十一条；《社会救助暂行办法》",
                "time_limit": "每月更新",
                "channels": ["website", "notice_board", "service_station"],
                "audience": "public",
            },
        ],
    },
    {
        "code": "t17",
        "name": "依申请公开",
        "basis": TIAOLI + "第二十七条至第四十五条",
        "mode": "on_request",
        "children": [
            {
                "code": "t17-01",
                "name": "不属于主动公开范围的政府信息",
                "content": "申请人所申请的本机关政府信息",
                "time_limit": "收到申请之日起20个工作日内答复；需要延长的，延长期限不超过20个工作日",
                "basis": TIAOLI + "第三十三条",
                "channels": ["other"],
                "channels_other": "书面答复",
                "audience": "specific",
                "mode": "on_request",
            },
        ],
    },
]
