"""The registry of pre-filing checks: every rule's code, severity, description and example."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

ERROR = "error"
WARNING = "warning"
SEVERITY_NAMES = {ERROR: "错误", WARNING: "警告"}


@dataclass(frozen=True)
class Rule:
    """One check: its code, what it finds (Chinese), how bad that is, and an example."""

    code: str
    severity: str
    title: str
    example: str
    fixable: bool = False
    can_disable: bool = True
    stage: str = "check"  # "validate" (schema), "check" (this module) or "build" (renderers)


def _rules(*rules: Rule) -> dict[str, Rule]:
    return {r.code: r for r in rules}


# RG0xx validation, RG1xx punctuation (GB/T 15834), RG2xx leftovers and corruption, RG3xx
# numbering, RG4xx figures, RG5xx dates, RG6xx lengths and emptiness, RG7xx layout (build).
RULES = _rules(
    Rule(
        "RG001",
        ERROR,
        "输入格式错误（YAML 语法、缺少字段、类型不对）",
        "date: 2024-13-01",
        can_disable=False,
        stage="validate",
    ),
    Rule(
        "RG002",
        ERROR,
        "字段之间的关系有误（指标的键、所属指标、嵌套层数）",
        "part_of: 不存在的键",
        can_disable=False,
        stage="validate",
    ),
    Rule(
        "RG009",
        WARNING,
        "checks.disable 中的规则代码不存在或不能停用",
        "checks: {disable: [RG999]}",
    ),
    Rule(
        "RG101",
        ERROR,
        "汉字间用了半角标点 , ; : ? ! ( ) .",
        "党建引领,凝聚群众 → 党建引领，凝聚群众",
        fixable=True,
    ),
    Rule("RG102", ERROR, "引号、括号、书名号、六角括号不成对或嵌套错误", "“堡垒 → “堡垒”"),
    Rule("RG103", WARNING, '汉字间用了半角引号 "', '建强"堡垒" → 建强“堡垒”', fixable=True),
    Rule("RG104", ERROR, "标点重复或连用", "统一。。 → 统一。", fixable=True),
    Rule("RG105", WARNING, "简体文本中用了直角引号「」『』", "「实事」 → “实事”", fixable=True),
    Rule("RG106", WARNING, "破折号不是两个 U+2014", "引领―凝聚 → 引领——凝聚", fixable=True),
    Rule(
        "RG107",
        WARNING,
        "单独成行的标题、附件名、落款末尾有标点",
        "坚持党建引领。 → 坚持党建引领",
        fixable=True,
    ),
    Rule("RG108", WARNING, "省略号不是“……”", "学习强国... → 学习强国……", fixable=True),
    Rule(
        "RG109",
        WARNING,
        "主送机关末尾手写了冒号（冒号自动添加）",
        "示例市总工会： → 示例市总工会",
        fixable=True,
    ),
    Rule("RG110", WARNING, "汉字之间有空格", "目前新建 基层工会 → 目前新建基层工会", fixable=True),
    Rule("RG201", ERROR, "未填写的占位内容（XX、××、某某、□□、待补充、TODO）", "XX镇总工会"),
    Rule("RG202", ERROR, "拼音注音", "引领(lǐng) → 引领", fixable=True),
    Rule(
        "RG203",
        ERROR,
        "疑似乱码（U+FFFD、锟斤拷、注音符号、框线字符、孤立的 ?）",
        "?。ㄒ唬﹫?jiān)持",
    ),
    Rule("RG204", ERROR, "网页字符实体", "统一。&nbsp; → 统一。", fixable=True),
    Rule(
        "RG205",
        ERROR,
        "控制字符或看不见的字符（零宽空格、NBSP、BOM）",
        "党建\\u200b引领 → 党建引领",
        fixable=True,
    ),
    Rule("RG206", WARNING, "全角空格（缩进由模板生成）", "　　党的力量 → 党的力量", fixable=True),
    Rule("RG207", ERROR, "简体文档中有繁体字", "黨建引領 → 党建引领", fixable=True),
    Rule(
        "RG208",
        ERROR,
        "指标占位符无法填充（未知的键或属性）",
        "{new_union} → {new_unions}",
        can_disable=False,
        stage="validate",
    ),
    Rule(
        "RG209",
        WARNING,
        "文字中空格后的“#”及其后的内容被当成了注释，没有进入文档",
        "text: 开展 #学习强国# 活动 → 只剩“开展”",
    ),
    Rule(
        "RG301",
        ERROR,
        "标题或条目开头手写了序号（序号自动生成）",
        "一、坚持党建引领 → 坚持党建引领",
        fixable=True,
    ),
    Rule("RG302", WARNING, "段落以标题序号开头（可能应写成小节）", "（一）加强组织建设……"),
    Rule(
        "RG401",
        ERROR,
        "正文写的百分比与指标算出的不一致",
        "{new_unions}家，完成率达95% （28/30 = 93.3%）",
    ),
    Rule(
        "RG402",
        ERROR,
        "“其中”项大于所属指标",
        "其中 31 家 > 总数 28 家",
        can_disable=False,
        stage="validate",
    ),
    Rule("RG403", ERROR, "指标数值为负", "value: -3"),
    Rule(
        "RG404",
        WARNING,
        "“完成率/占比/增长”旁的百分比与任何指标都对不上",
        "完成率达88%（没有对应指标）",
    ),
    Rule("RG405", WARNING, "指标单位前后不一致", "unit: 家，正文写 {new_unions}个"),
    Rule(
        "RG406",
        ERROR,
        "占位符前后重复写了它填入的文字",
        "比上年增长{volunteers.change} → {volunteers.change}；{x.rate}% → {x.rate}",
        fixable=True,
    ),
    # A warning, not an error: documents are often prepared ahead of the date they will carry.
    Rule("RG501", WARNING, "成文日期晚于今天", "date: 2099-01-01"),
    Rule("RG502", WARNING, "年度与成文日期相差一年以上", "year: 2020, date: 2024-12-01"),
    Rule(
        "RG503",
        WARNING,
        "正文日期补了 0 或写成 2024-12-01",
        "2024年01月05日 → 2024年1月5日",
        fixable=True,
    ),
    Rule("RG504", WARNING, "正文中的日期不存在", "2024年2月30日"),
    Rule(
        "RG601",
        WARNING,
        "空的部分或小节（只有标题没有内容）",
        "heading: 加强组织建设（无正文和条目）",
    ),
    Rule("RG602", WARNING, "品牌名称超过模板规定的字数", "limits.brand_name_max_chars: 20"),
    Rule("RG603", WARNING, "小标题超过模板规定的字数", "limits.heading_max_chars: 40"),
    Rule("RG604", WARNING, "段落与文中另一段完全相同", "同一段话复制了两次"),
    Rule("RG605", ERROR, "内容只有空白", 'text: "　"'),
    Rule("RG700", WARNING, "其他版面提示", "", stage="build"),
    Rule(
        "RG701",
        WARNING,
        "最后一页只有落款和日期",
        "正文恰好排满一页，落款被挤到下一页",
        stage="build",
    ),
    Rule(
        "RG702",
        WARNING,
        "字体缺失，使用了替代字体",
        "仿宋_GB2312 → AR PL UMing CN",
        stage="build",
    ),
    Rule(
        "RG703",
        WARNING,
        "个别字符由后备字体显示",
        "生僻字“䶮”不在正文字体中",
        stage="build",
    ),
)

VALIDATION_CODES = ("RG001", "RG002", "RG208", "RG402")


def rules_json() -> list[dict[str, Any]]:
    """The registry as ``reportgen rules --format json`` prints it."""
    return [
        {
            "code": r.code,
            "severity": r.severity,
            "description": r.title,
            "example": r.example,
            "fixable": r.fixable,
            "can_disable": r.can_disable,
            "stage": r.stage,
        }
        for r in RULES.values()
    ]


def rule_lines() -> list[str]:
    """The registry as ``reportgen rules`` prints it: a line per rule, and its example."""
    lines = []
    for r in RULES.values():
        marks = "".join(
            [
                "，可自动修复" if r.fixable else "",
                "，不能停用" if not r.can_disable else "",
                "，生成时检查" if r.stage == "build" else "",
            ]
        )
        lines.append(f"{r.code}  {SEVERITY_NAMES[r.severity]}  {r.title}{marks}")
        if r.example:
            lines.append(f"       例：{r.example}")
    return lines
