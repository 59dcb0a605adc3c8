// ReportWords: the vocabulary of printed reports: column headings in Chinese and
// English for the columns of the register, WIS, the feeds, the cross-check and the
// tables the builtins make; the finding codes of spec section 6 by the names the
// centre's clerks use; and coded values (feeds, sexes, card statuses...) as words. A
// Chinese report prints these, never the codes, except the codes a reader needs (area
// codes, record and card numbers, identity numbers).

import DataModel

extension ReportLabels {
    static let columns: [String: (zh: String, en: String)] = [
        "area": ("地区代码", "area code"), "name": ("名称", "name"), "person_name": ("姓名", "name"), "level": ("级别", "level"),
        "total": ("合计行", "total row"), "reports": ("报告条数", "reports"), "first_record": ("首条记录", "first record"), "n": ("人数", "count"), "separation": ("人户分离", "separation"),
        "within_city": ("市内分离", "within city"), "county": ("县区", "county"), "township": ("乡镇街道", "township"),
        "community": ("社区村", "community"), "kind": ("类别", "kind"), "feed": ("数据", "feed"),
        "finding": ("核查结果", "finding"), "person_id": ("身份证号", "identity number"),
        "husband_name": ("丈夫", "husband"), "wife_name": ("妻子", "wife"), "wife_age": ("妻子年龄", "wife's age"),
        "husband_hukou": ("丈夫户籍地", "husband's hukou"), "wife_hukou": ("妻子户籍地", "wife's hukou"),
        "wife_card": ("妻子卡号", "wife's card"), "evidence": ("依据", "evidence"), "age": ("年龄", "age"),
        "hukou_area": ("户籍地", "hukou area"), "residence_area": ("居住地", "residence area"),
        "residence_since": ("居住起始", "living there since"), "recent": ("半年内", "recent"),
        "unit_name": ("单位", "work unit"), "sex": ("性别", "sex"), "wife_has_card": ("妻子有卡", "wife has a card"),
        // the register and WIS
        "birth_date": ("出生日期", "birth date"), "marital": ("婚姻状况", "marital status"),
        "spouse_id": ("配偶身份证号", "spouse's number"), "spouse_name": ("配偶", "spouse"),
        "hukou_kind": ("户口类别", "hukou kind"), "address": ("住址", "address"), "unit_code": ("单位代码", "unit code"),
        "hukou_county": ("户籍县区", "hukou county"), "hukou_township": ("户籍乡镇街道", "hukou township"),
        "local_hukou": ("本市户籍", "local hukou"), "population_type": ("人口类别", "population type"),
        "card_no": ("卡号", "card number"), "woman_id": ("妇女身份证号", "woman's number"),
        "marriage_date": ("结婚日期", "marriage date"), "managing_area": ("管理地", "managing area"),
        "contraception": ("避孕措施", "contraception"), "contraception_date": ("措施日期", "contraception date"),
        "pregnant_since": ("怀孕日期", "pregnant since"), "pregnancy_recorded": ("孕情录入日期", "pregnancy entered"),
        "status": ("状态", "status"), "updated": ("更新日期", "updated"), "child_id": ("子女身份证号", "child's number"),
        "birth_order": ("孩次", "birth order"), "policy": ("政策属性", "policy"), "parent": ("上级", "parent"),
        "code": ("代码", "code"), "relation": ("居住与户籍", "relation"), "hukou_place": ("户籍地", "hukou"),
        // the feeds
        "record_no": ("记录编号", "record number"), "reg_date": ("登记日期", "registration date"),
        "husband_id": ("丈夫身份证号", "husband's number"), "wife_id": ("妻子身份证号", "wife's number"),
        "office_area": ("登记机关地", "office area"), "reported": ("报送日期", "reported"),
        "hospital": ("医院", "hospital"), "child_sex": ("婴儿性别", "child's sex"), "mother_id": ("母亲身份证号", "mother's number"),
        "mother_name": ("母亲", "mother"), "father_id": ("父亲身份证号", "father's number"), "death_date": ("死亡日期", "death date"),
        "op_date": ("手术日期", "operation date"), "weeks": ("孕周", "weeks"), "event": ("事项", "event"),
        "event_date": ("事项日期", "event date"), "from_area": ("迁出地", "from"), "to_area": ("迁入地", "to"),
        "source_file": ("来源文件", "source file"), "source_line": ("行号", "line"), "notes": ("备注", "notes"),
        // the cross-check and the actions on its findings
        "match": ("比对方式", "match"), "score": ("比对得分", "score"), "detail": ("说明", "detail"),
        "source": ("来源", "source"), "run_id": ("核查批次", "run"), "batch": ("批次", "batch"), "action": ("操作", "action"),
        "table_name": ("表", "table"), "record_key": ("记录", "record"), "before": ("原值", "before"),
        "after": ("新值", "after"), "skipped": ("跳过原因", "skipped"),
        // imports and quarantine
        "file": ("文件", "file"), "line": ("行", "line"), "column": ("列", "column"), "column_name": ("列名", "column name"),
        "reason": ("原因", "reason"), "raw": ("原文", "raw"), "loaded": ("已导入", "loaded"), "read": ("已读", "read"),
        "duplicates": ("重复", "duplicates"), "quarantined": ("隔离", "quarantined"),
        // targets
        "indicator": ("指标", "indicator"), "target": ("目标", "target"), "baseline": ("基线", "baseline"),
        "year": ("年份", "year"),
    ]

    /// The finding codes of spec section 6 by the names the centre's clerks use.
    static let findings: [String: (zh: String, en: String)] = [
        "ambiguous": ("多人相符", "several persons fit"), "not_local": ("非本市人员", "not local"),
        "no_card": ("未建卡", "no card"), "status_stale": ("婚姻状况未更新", "marital status stale"),
        "spouse_mismatch": ("配偶不符", "spouse differs"), "mother_no_card": ("母亲未建卡", "mother has no card"),
        "birth_not_recorded": ("出生未登记", "birth not recorded"),
        "pregnancy_not_recorded": ("孕情未录入", "pregnancy not entered"),
        "pregnancy_still_open": ("孕情未结束", "pregnancy still open"),
        "card_active_after_death": ("死亡未注销", "card active after death"),
        "card_not_transferred": ("迁出未转卡", "card not transferred"),
        "unmatched": ("身份未能确认", "woman not identified"),
    ]

    /// The finding's name in the language (the code itself when it is not one of section 6's;
    /// the empty code of a consistent record stays empty).
    static func finding(_ code: String, _ language: ReportLanguage) -> String {
        guard let entry = findings[code] else { return code }
        return language == .zh ? entry.zh : entry.en
    }

    /// A kind of imported file as the header of a report names it.
    static func fileKind(_ kind: String, _ language: ReportLanguage) -> String {
        language == .zh ? value(kind, column: "kind", .zh) : (fileKindsInEnglish[kind] ?? kind)
    }

    private static let fileKindsInEnglish = [
        "areas": "areas", "units": "work units", "persons": "register", "wis_cards": "WIS cards",
        "wis_children": "WIS children", "marriage": "marriages", "birth": "births", "death": "deaths",
        "abortion": "abortions", "hukou": "hukou events",
    ]

    private static let feeds = ["marriage": "婚姻登记", "birth": "出生", "death": "死亡", "abortion": "流引产", "hukou": "户籍"]

    /// Coded values in Chinese, by the column that holds them.
    static let codes: [String: [String: String]] = [
        "feed": feeds,
        "kind": feeds.merging(["areas": "区划", "units": "单位", "persons": "人口登记", "wis_cards": "育龄妇女信息卡",
                               "wis_children": "信息卡子女", "marry": "结婚", "divorce": "离婚", "remarry": "复婚",
                               "induced": "人流", "labor_induction": "引产", "agency": "机关", "enterprise": "企业",
                               "institution": "事业单位", "other": "其他"]) { a, _ in a },
        "match": ["exact": "证号相符", "normalized": "证号修正后相符", "fuzzy": "按姓名等比对", "none": "未找到"],
        "sex": ["M": "男", "F": "女"], "child_sex": ["M": "男", "F": "女"],
        "status": ["active": "在用", "moved_out": "已迁出", "deceased": "已死亡", "aged_out": "超龄"],
        "marital": ["single": "未婚", "married": "已婚", "divorced": "离婚", "widowed": "丧偶"],
        "contraception": ["iud": "上环", "sterilization": "结扎", "implant": "皮埋", "injection": "针剂",
                          "pill": "口服药", "condom": "避孕套", "other": "其他", "none": "未避孕"],
        "hukou_kind": ["family": "家庭户", "collective": "集体户"],
        "policy": ["in": "政策内", "out": "政策外"],
        "event": ["newborn": "出生入户", "move_in": "迁入", "move_out": "迁出", "death": "死亡注销"],
        "relation": ["lives_here_hukou_here": "居住户籍均在本地", "lives_here_hukou_elsewhere": "居住本地户籍外地",
                     "hukou_here_lives_elsewhere": "户籍本地居住外地", "lives_elsewhere_hukou_elsewhere": "居住户籍均在外地"],
        "action": ["new_card": "新建信息卡", "add_child": "登记子女", "close_card": "注销信息卡",
                   "transfer_card": "转出信息卡", "close_pregnancy": "结束孕情", "undo": "撤销"],
        "indicator": Dictionary(uniqueKeysWithValues: Indicator.all.map { ($0.name, $0.chinese) }),
    ]
}
