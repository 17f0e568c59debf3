"""Every issue code budgetgen reports, with its severity and Chinese title: the one registry.

Modules import the constants (``codes.E_SCHEMA_TYPE``) instead of spelling code
strings; ``docs/checks.md`` explains every code registered here, and
``tests/test_codes.py`` keeps the three in step: no code string outside this module,
none unregistered, none undocumented. Codes are stable: scripts filter on them.
``E-`` codes block the build; ``W-`` codes warn (``--strict`` makes them block).
"""

from __future__ import annotations

from dataclasses import dataclass

from budgetgen.issues import Severity


@dataclass(frozen=True, slots=True)
class CodeInfo:
    """One issue code: the string users see and its Chinese title."""

    code: str
    title: str

    @property
    def severity(self) -> Severity:
        """``W-`` codes warn; every other code is an error."""
        return Severity.WARNING if self.code.startswith("W-") else Severity.ERROR


#: Every code, in the order docs/checks.md explains them.
REGISTRY: dict[str, CodeInfo] = {}


def _code(code: str, title: str) -> str:
    if code in REGISTRY:  # pragma: no cover - a duplicate is a typo caught at import
        raise ValueError(f"duplicate issue code {code}")
    REGISTRY[code] = CodeInfo(code, title)
    return code


def title_of(code: str) -> str:
    """The Chinese title of a registered code."""
    return REGISTRY[code].title


# Reading and structure (before any figure is computed).
E_FILE_READ = _code("E-FILE-READ", "文件无法读取")
E_FILE_TOO_LARGE = _code("E-FILE-TOO-LARGE", "文件超过大小上限")
E_ENCODING = _code("E-ENCODING", "文件不是 UTF-8 编码")
E_EMPTY = _code("E-EMPTY", "文件为空")
E_YAML_SYNTAX = _code("E-YAML-SYNTAX", "YAML 格式错误")
E_YAML_DUPLICATE_KEY = _code("E-YAML-DUPLICATE-KEY", "键重复")
E_YAML_TAG = _code("E-YAML-TAG", "不允许使用 YAML 标签")
E_YAML_KEY = _code("E-YAML-KEY", "键必须是普通文字")
E_YAML_DEPTH = _code("E-YAML-DEPTH", "嵌套层级过深")
E_YAML_ALIAS = _code("E-YAML-ALIAS", "别名展开过大")
E_YAML_NUMBER = _code("E-YAML-NUMBER", "数字位数过多")
E_SCHEMA_TYPE = _code("E-SCHEMA-TYPE", "类型不对")
E_SCHEMA_REQUIRED = _code("E-SCHEMA-REQUIRED", "缺少必填项")
E_SCHEMA_UNKNOWN_KEY = _code("E-SCHEMA-UNKNOWN-KEY", "未知的键")
E_SCHEMA_RANGE = _code("E-SCHEMA-RANGE", "超出取值范围")
E_SCHEMA_DECIMALS = _code("E-SCHEMA-DECIMALS", "小数位数过多")
E_SCHEMA_ENUM = _code("E-SCHEMA-ENUM", "不是允许的取值")
E_SCHEMA_FORMAT = _code("E-SCHEMA-FORMAT", "格式不正确")
E_SCHEMA_EMPTY = _code("E-SCHEMA-EMPTY", "不能为空")
E_SCHEMA = _code("E-SCHEMA", "其他结构问题")
E_PRIOR_MISSING = _code("E-PRIOR-MISSING", "找不到上年源文件")
E_PRIOR_INVALID = _code("E-PRIOR-INVALID", "上年源文件有错误")
E_CHECK_FAILED = _code("E-CHECK-FAILED", "检查无法完成")
E_FILE_KIND = _code("E-FILE-KIND", "不是普通文件")
E_PATH_OUTSIDE = _code("E-PATH-OUTSIDE", "引用了本县预算仓库以外的文件")
E_TEXT_TOO_LONG = _code("E-TEXT-TOO-LONG", "文字超过表格单元格的容量")
E_AMOUNT_TOO_LARGE = _code("E-AMOUNT-TOO-LARGE", "金额大到表格保存不了分")
E_OUTPUT_NAME = _code("E-OUTPUT-NAME", "部门全称不能用作文件名")

# Semantic rules (generator/checks_*.py), in the order of CHECKS.
E_CODE_ECON_UNKNOWN = _code("E-CODE-ECON-UNKNOWN", "经济分类科目须在当年科目表中")
E_CODE_FUNC_UNKNOWN = _code("E-CODE-FUNC-UNKNOWN", "功能分类科目的类、款须在当年科目表中")
W_CODE_FUNC_ITEM = _code("W-CODE-FUNC-ITEM", "科目表中没有的项级科目须在“补充科目”中写明名称")
E_CODE_SUPPLEMENT = _code("E-CODE-SUPPLEMENT", "补充科目须是 7 位项级功能分类科目")
W_CODE_SUPPLEMENT_LISTED = _code("W-CODE-SUPPLEMENT-LISTED", "补充科目已在当年科目表中")
E_CODE_FUNC_LEVEL = _code("E-CODE-FUNC-LEVEL", "功能分类须填写到项级（7 位）")
E_BASIC_CLASS = _code("E-BASIC-CLASS", "基本支出只能使用 301、302、303、310 类经济科目")
E_UNIT_CODE_DUP = _code("E-UNIT-CODE-DUP", "单位代码不能重复")
E_PROJECT_NAME_DUP = _code("E-PROJECT-NAME-DUP", "项目名称不能重复")
E_PROJECT_UNIT_UNKNOWN = _code("E-PROJECT-UNIT-UNKNOWN", "项目所属单位须是本部门的单位")
E_PROJECT_UNIT_MISSING = _code("E-PROJECT-UNIT-MISSING", "多个单位时项目须写明所属单位")
W_CATALOG_FALLBACK = _code("W-CATALOG-FALLBACK", "当年科目表缺失时沿用上一版")
W_UNIT_CODE_PREFIX = _code("W-UNIT-CODE-PREFIX", "单位代码应以部门代码开头")
E_BALANCE_UNIT = _code("E-BALANCE-UNIT", "收支平衡：每个单位收入合计等于支出合计")
E_BALANCE_TOTAL = _code("E-BALANCE-TOTAL", "收支平衡：全部门收入合计等于支出合计")
E_BALANCE_SOURCE = _code("E-BALANCE-SOURCE", "收支平衡：每个资金来源的支出等于该来源的收入")
E_PROJECT_ECON_OVER = _code("E-PROJECT-ECON-OVER", "项目经济分类合计不能超过项目金额")
E_PROJECT_ECON_SHORT = _code("E-PROJECT-ECON-SHORT", "项目经济分类合计须等于项目金额")
E_PURCHASE_OVER = _code("E-PURCHASE-OVER", "政府购买服务不能超过所属项目金额")
E_PROCUREMENT_OVER = _code("E-PROCUREMENT-OVER", "政府采购不能超过所属项目金额")
E_NONTAX_OVER = _code("E-NONTAX-OVER", "非税收入的执收成本与上缴统筹不能超过计划数")
E_NONTAX_COST_DETAIL = _code("E-NONTAX-COST-DETAIL", "非税收入的执收成本明细之和须等于执收成本")
W_PROJECT_ZERO = _code("W-PROJECT-ZERO", "项目金额为零")
W_PRIOR_UNBALANCED = _code("W-PRIOR-UNBALANCED", "上年收入合计与支出合计不一致")
W_UNIT_EMPTY = _code("W-UNIT-EMPTY", "单位没有任何收支")
E_TARGETS_MISSING = _code("E-TARGETS-MISSING", "绩效目标全覆盖：每个专项项目须有绩效目标")
E_REASON_MISSING = _code("E-REASON-MISSING", "较上年有增减时须说明原因")
E_DATE_INVALID = _code("E-DATE-INVALID", "说明日期须是真实存在的日期")
E_DATE_YEAR = _code("E-DATE-YEAR", "说明日期须在预算年度或上一年")
W_GOALS_MISSING = _code("W-GOALS-MISSING", "部门整体绩效目标未填写")
W_STAFF_OVER = _code("W-STAFF-OVER", "实有人数不应超过编制人数")
W_STAFF_NO_PEOPLE = _code("W-STAFF-NO-PEOPLE", "有工资福利支出却没有实有人员")
E_ASSET_QTY_WHOLE = _code("E-ASSET-QTY-WHOLE", "车辆、设备、家具的数量须为整数")
W_SANGONG_UNCLASSIFIED = _code("W-SANGONG-UNCLASSIFIED", "名称涉及三公的项目应有对应经济分类")
W_SANGONG_CAR_NO_VEHICLE = _code("W-SANGONG-CAR-NO-VEHICLE", "有公务用车运行维护费却没有车辆")
W_SANGONG_PRIOR_ITEM = _code("W-SANGONG-PRIOR-ITEM", "上年有的三公项目本年没有对应明细")

# Batch, config, profile, templates and output.
E_NO_SOURCES = _code("E-NO-SOURCES", "文件夹里没有部门源文件")
E_OUTPUT_WRITE = _code("E-OUTPUT-WRITE", "输出目录无法写入")
E_OUTPUT_CLASH = _code("E-OUTPUT-CLASH", "两个部门的输出文件重名")
E_CONFIG = _code("E-CONFIG", "县级配置有错")
E_CONFIG_MISSING = _code("E-CONFIG-MISSING", "找不到源文件指定的配置文件")
E_CONFIG_PROFILE = _code("E-CONFIG-PROFILE", "配置指定的模板方案不存在")
E_CONFIG_OVERRIDE = _code("E-CONFIG-OVERRIDE", "模板覆盖文件夹不存在")
E_PROFILE = _code("E-PROFILE", "模板方案的 profile.yaml 有错")
E_PROFILE_NEEDS = _code("E-PROFILE-NEEDS", "所用的公开格式要求的源文件内容缺了")
E_CONFIG_TABLE = _code("E-CONFIG-TABLE", "县级配置的本地表名、列名对不上模板方案的表")
E_TEMPLATE = _code("E-TEMPLATE", "说明模板有错")
E_TABLE_SPEC = _code("E-TABLE-SPEC", "表格定义有错")
E_ROLL = _code("E-ROLL", "无法结转到新年度")
E_ROLL_EMPTY = _code("E-ROLL-EMPTY", "结转的文件夹里没有源文件")
E_ROLL_EXISTS = _code("E-ROLL-EXISTS", "新年度文件已存在")
W_ROLL_OLD_YEAR = _code("W-ROLL-OLD-YEAR", "结转后的文件仍有旧年度的文字")
E_INIT_EXISTS = _code("E-INIT-EXISTS", "要新建的文件已存在")
E_INTERNAL = _code("E-INTERNAL", "budgetgen 内部错误")
E_CATALOG_FORMAT = _code("E-CATALOG-FORMAT", "补充科目表的行格式不对")
E_CATALOG_PARENT = _code("E-CATALOG-PARENT", "补充的科目缺少所属的类或款")
W_CONFIG_IGNORED = _code("W-CONFIG-IGNORED", "源文件引用的配置中只能由县级配置决定的项已忽略")
W_MANIFEST_IGNORED = _code("W-MANIFEST-IGNORED", "清单中不是输出文件名的条目已忽略")
W_OUTPUT_KEPT = _code("W-OUTPUT-KEPT", "改名前的输出文件已被改动，没有删除")
E_PDF_NO_OFFICE = _code("E-PDF-NO-OFFICE", "找不到 LibreOffice，无法生成 PDF")
E_PDF_CONVERT = _code("E-PDF-CONVERT", "LibreOffice 没有生成 PDF")
E_GIT_READ = _code("E-GIT-READ", "无法从 Git 读出某个版本的源文件")
E_AUDIT_READ = _code("E-AUDIT-READ", "要审核的文件无法读取")
E_DEFINITION = _code("E-DEFINITION", "口径定义有错")
W_ASSETS_OVER_BUDGET = _code("W-ASSETS-OVER-BUDGET", "新增资产不应超过单位支出合计")
W_BASIS_NEAR = _code("W-BASIS-NEAR", "立项依据与共用的立项依据几乎相同")
W_FUND_FUNC = _code("W-FUND-FUNC", "基金资金只能安排在设有基金科目的功能分类")
W_GLOSSARY_DEFINED = _code("W-GLOSSARY-DEFINED", "口径定义的名词解释不能手写")
W_NONTAX_PLAN_MISSING = _code("W-NONTAX-PLAN-MISSING", "财政专户收入须有非税收入征收计划")
W_PROJECT_CLASS_ECON = _code("W-PROJECT-CLASS-ECON", "项目类别与经济分类应一致")
W_SANGONG_NO_LINE = _code("W-SANGONG-NO-LINE", "三公经费表中的数须有经济分类明细支撑")
E_REASON_DIRECTION = _code("E-REASON-DIRECTION", "变动原因与增减方向不能矛盾")
W_STAFF_KIND = _code("W-STAFF-KIND", "各类实有人员不应超过同类编制")
W_STAFF_TEMPORARY = _code("W-STAFF-TEMPORARY", "临时人员不应少于所列临时工和勤杂工")
W_STAFF_TEXT_COUNT = _code("W-STAFF-TEXT-COUNT", "文字中的人数与人员数字不一致")
W_VEHICLE_SANGONG = _code("W-VEHICLE-SANGONG", "采购或新增车辆须有三公购车经济分类")

# Reading a published workbook back (budgetgen import): what could not be read, and what had to be interpreted.
E_IMPORT_READ = _code("E-IMPORT-READ", "要导入的工作簿无法读取或不是所选格式")
W_IMPORT_SHEET_MISSING = _code("W-IMPORT-SHEET-MISSING", "工作簿中找不到这张表")
W_IMPORT_SHEET_NAME = _code("W-IMPORT-SHEET-NAME", "工作表名与表格定义不同，按表名或表头找到")
E_IMPORT_HEADER = _code("E-IMPORT-HEADER", "表头与表格定义不符，这张表无法读取")
W_IMPORT_HEADER_RENAMED = _code("W-IMPORT-HEADER-RENAMED", "表头文字与表格定义不同，按位置读取")
W_IMPORT_COLUMN_MISSING = _code("W-IMPORT-COLUMN-MISSING", "表中没有表格定义的这一栏")
W_IMPORT_AMOUNT = _code("W-IMPORT-AMOUNT", "金额经过解读（四舍五入到分、短横读作 0）")
E_IMPORT_CELL = _code("E-IMPORT-CELL", "应为数字的单元格无法读成数")
E_IMPORT_ROW = _code("E-IMPORT-ROW", "数据行无法识别为表格定义的任何一种行")
W_IMPORT_LINE_MISSING = _code("W-IMPORT-LINE-MISSING", "收支总表式的表中找不到这一行")
W_IMPORT_LINE_EXTRA = _code("W-IMPORT-LINE-EXTRA", "收支总表式的表中有表格定义以外的行，未读取")
W_IMPORT_CODE = _code("W-IMPORT-CODE", "科目代码经过拆分或合并")
W_IMPORT_DISAGREE = _code("W-IMPORT-DISAGREE", "两张表显示的同一个数不一致，取权威表的数")
W_IMPORT_LIMIT = _code("W-IMPORT-LIMIT", "工作簿超过导入读取的工作表、行、列或单元格数上限，超出部分未读取")
W_IMPORT_TEXT = _code("W-IMPORT-TEXT", "单元格文字含不可见的控制字符（已删去），或以“=”开头")
W_IMPORT_GUESS = _code("W-IMPORT-GUESS", "导入时推定了附表没有写明的内容，或有数据无处安放：需人工核对")
