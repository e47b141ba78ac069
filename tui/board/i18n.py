"""Every visible string of the board, in English and Chinese.

The language comes from ``--lang`` or the locale (``LANG``/``LC_ALL`` starting with zh).
"""

from __future__ import annotations

import os

STRINGS: dict[str, tuple[str, str]] = {
    "pane.venues": ("Venues today", "今日会场"),
    "pane.tasks": ("Department countdowns", "部门倒计时"),
    "pane.tickets": ("Open tickets", "待办工单"),
    "pane.escalations": ("Escalations", "升级与告警"),
    "col.venue": ("Venue", "会场"),
    "col.time": ("Time", "时间"),
    "col.title": ("Meeting", "会议"),
    "col.phase": ("Phase", "阶段"),
    "col.ready": ("Ready", "就绪"),
    "col.worst": ("Worst", "最紧"),
    "col.dept": ("Dept", "部门"),
    "col.countdown": ("Countdown", "倒计时"),
    "col.item": ("Item", "事项"),
    "col.state": ("State", "状态"),
    "col.no": ("No.", "编号"),
    "col.age": ("Age", "时长"),
    "col.pri": ("Pri", "级别"),
    "col.location": ("Location", "地点"),
    "col.next": ("Next", "下一步"),
    "col.sev": ("Sev", "级别"),
    "col.message": ("Message", "说明"),
    "phase.preparing": ("preparing", "准备中"),
    "phase.ready": ("ready", "已就绪"),
    "phase.in progress": ("in progress", "进行中"),
    "phase.finished": ("finished", "已结束"),
    "phase.cancelled": ("cancelled", "已取消"),
    "state.pending": ("pending", "待办"),
    "state.done": ("reported", "已报告"),
    "state.verified": ("verified", "已核实"),
    "state.unverified": ("unverified", "已报未核"),
    "state.open": ("open", "已登记"),
    "state.dispatched": ("dispatched", "已派工"),
    "state.resolved": ("resolved", "已处理"),
    "pri.normal": ("normal", "一般"),
    "pri.urgent": ("urgent", "紧急"),
    "pri.emergency": ("EMERG", "突发"),
    "in": ("in", "还剩"),
    "overdue": ("overdue", "超时"),
    "dept.eng": ("Eng", "工程"),
    "dept.sec": ("Sec", "安保"),
    "dept.svc": ("Svc", "会务"),
    "dept.env": ("Clean", "保洁"),
    "dept.desk": ("Desk", "客服"),
    "dept.fcc": ("FCC", "消控"),
    "hdr.overdue": ("overdue", "超时"),
    "hdr.open": ("open", "待办"),
    "hdr.emerg": ("emergencies", "突发"),
    "hdr.fresh": ("data", "数据"),
    "hdr.stale": ("STALE: database not answering", "数据过期：数据库无响应"),
    "hdr.paused": ("PAUSED", "已暂停"),
    "hdr.focus": ("dept", "部门"),
    "hdr.readonly": ("read-only", "只读"),
    "hdr.training": ("TRAINING database", "演练数据库"),
    "hdr.audit_break": ("AUDIT TRAIL BROKEN at row {row}: run dutyboard audit verify",
                        "审计记录被改动（第{row}行）：请运行 dutyboard audit verify"),
    "hdr.no_calendar": ("no official calendar for {year}", "{year}年无官方工作日历"),
    "key.check": ("Check off", "勾选完成"),
    "key.verify": ("Verify", "核实"),
    "key.undo": ("Undo", "撤销"),
    "key.open": ("Open", "详情"),
    "key.filter": ("Filter", "筛选"),
    "key.dept": ("Dept", "部门"),
    "key.help": ("Help", "帮助"),
    "key.quit": ("Quit", "退出"),
    "key.ack": ("Acknowledge", "确认告警"),
    "key.pause": ("Pause", "暂停"),
    "key.dispatch": ("Dispatch", "派工"),
    "key.follow": ("Follow-up", "跟进"),
    "key.escalate": ("Escalate", "升级"),
    "key.resolve": ("Resolve", "处理完毕"),
    "key.close": ("Close", "销项"),
    "key.new": ("New ticket", "新工单"),
    "key.emergency": ("Emergency", "突发事件"),
    "key.next_pane": ("Next pane", "下一窗格"),
    "key.prev_pane": ("Previous pane", "上一窗格"),
    "key.down": ("Down", "下移"),
    "key.up": ("Up", "上移"),
    "key.top": ("First row", "首行"),
    "key.bottom": ("Last row", "末行"),
    "key.palette": ("Commands", "命令"),
    "palette.search": ("Search for commands…", "搜索命令…"),
    "col.subject": ("Subject", "对象"),
    "ref.ticket": ("ticket #{n}", "工单#{n}"),
    "ref.task": ("item #{n}", "事项#{n}"),
    "key.mark": ("Mark", "多选"),
    "key.theme": ("Theme", "主题"),
    "msg.refused": ("Refused", "已拒绝"),
    "msg.denied": ("Not permitted", "无权限"),
    "msg.done": ("Checked off", "已勾选"),
    "msg.verified": ("Verified", "已核实"),
    "msg.undone": ("Undone", "已撤销"),
    "msg.nothing_undo": ("Nothing of yours to undo", "没有可撤销的勾选"),
    "msg.select_task": ("Select a readiness item first (pane 2)", "请先在窗格2选择准备事项"),
    "msg.select_ticket": ("Select a ticket first (pane 3)", "请先在窗格3选择工单"),
    "msg.readonly": ("Read-only board: no changes", "只读看板：不能修改"),
    "msg.not_saved": ("NOT SAVED", "未保存"),
    "msg.not_loaded": ("Could not load", "未能读取"),
    "msg.saving": ("Saving...", "正在保存..."),
    "msg.retry": ("Enter retries", "按回车重试"),
    "help.title": ("Keys", "按键"),
    "help.close": ("Esc or ? closes this help", "按 Esc 或 ? 关闭帮助"),
    "detail.history": ("History", "处理记录"),
    "detail.tasks": ("Tasks", "准备事项"),
    "prompt.note": ("Note", "备注"),
    "prompt.dept": ("Department (eng sec svc env desk fcc)", "部门（eng sec svc env desk fcc）"),
    "prompt.result": ("Result", "处理结果"),
    "prompt.signed": ("Requester signed the work order? (y/n)", "报修人已在派工单签字？(y/n)"),
    "prompt.filter": ("Filter rows (Esc clears)", "筛选（Esc 清除）"),
    "prompt.approved_by": ("Approved by (login, blank if none)", "审批人（登录名，无则留空）"),
    "small": ("Terminal too small: need at least 60x16", "终端太小：至少需要 60x16"),
    "form.new": ("New ticket (Ctrl+S saves, Esc cancels)", "新建工单（Ctrl+S 保存，Esc 取消）"),
    "form.emergency": ("EMERGENCY: where, and what happened", "突发事件：地点和情况"),
    "form.inquiry": ("Inquiry only (settled, not registered)", "仅咨询（已解答，不立项）"),
    "form.save": ("Save", "保存"),
    "form.cancel": ("Cancel", "取消"),
    "form.hint": ("Tab moves; completion from known places and contacts (right arrow accepts)",
                  "Tab 切换；地点和联系人可自动补全（右方向键接受）"),
    "field.kind": ("Kind", "类型"),
    "field.channel": ("Channel", "渠道"),
    "field.location": ("Location", "地点"),
    "field.contact": ("Contact", "联系人"),
    "field.phone": ("Phone", "电话"),
    "field.content": ("Content", "内容"),
    "field.priority": ("Priority", "级别"),
    "field.nature": ("Nature", "性质"),
    "field.category": ("Category", "类别"),
    "form.required": ("required", "必填"),
    "form.choose": ("Select", "请选择"),
    "form.invalid": ("not valid here", "无效"),
    "opt.repair": ("repair", "报修"),
    "opt.complaint": ("complaint", "投诉"),
    "opt.phone": ("phone", "电话"),
    "opt.visit": ("visit", "来访"),
    "opt.letter": ("letter", "来信"),
    "opt.other": ("other", "其他"),
    "opt.valid": ("valid", "有效"),
    "opt.help": ("help", "求助"),
    "opt.inquiry": ("inquiry", "咨询"),
    "opt.venting": ("venting", "发泄"),
    "opt.lighting": ("lighting", "照明"),
    "opt.water": ("water", "给排水"),
    "opt.power": ("power", "供电"),
    "opt.heating": ("heating", "暖通"),
    "opt.equipment": ("equipment", "设备"),
    "opt.attitude": ("attitude", "服务态度"),
    "opt.quality": ("quality", "服务质量"),
    "msg.registered": ("Registered ticket", "已登记工单"),
    "msg.inquiry": ("Logged as inquiry", "已记录为咨询"),
    "msg.marked": ("marked", "已选"),
    "msg.signed": ("Signed off", "已签字"),
    "prompt.notify": ("Who was told? (supervisor / manager / lead)",
                      "已通知谁？(supervisor / manager / lead)"),
    "key.notified": ("Notified", "已通知"),
    "key.signoff": ("Sign off day", "当日签字"),
    "key.unresolvable": ("Close as unresolvable", "无法解决销项"),
    "key.reopen": ("Reopen", "重新打开"),
    "key.link": ("Link related case", "关联问题"),
    "prompt.reason": ("Reason", "原因"),
    "prompt.link": ("Related case: its ticket number, or describe an unregistered problem",
                    "关联问题：已登记的工单号，或描述未登记的问题"),
    "sev.alarm": ("!! ALARM", "!! 告警"),
    "sev.warn": (" ! warn", " ! 注意"),
    "sev.info": ("   info", "   提示"),
    "role.supervisor": ("desk supervisor", "客服主管"),
    "role.manager": ("manager", "项目经理"),
    "role.lead": ("department lead", "部门主管"),
    "flag.emergency": ("EMERGENCY at {loc}; still to notify: {who}", "突发事件：{loc}；尚未通知：{who}"),
    "flag.emergency.all": ("EMERGENCY at {loc}; everyone notified", "突发事件：{loc}；已全部通知"),
    "flag.follow_up_overdue": ("ticket {id}: follow-up overdue, {loc}", "工单{id}：跟进超时，{loc}"),
    "flag.escalation_due": ("ticket {id}: report to the desk supervisor now, {loc}",
                            "工单{id}：须立即报告客服主管，{loc}"),
    "flag.escalated": ("ticket {id}: escalated to the desk supervisor, {loc}",
                       "工单{id}：已上报客服主管，{loc}"),
    "flag.approval_awaited": ("ticket {id}: close awaits supervisor/manager approval",
                              "工单{id}：销项待主管或项目经理审批"),
    "flag.unclosed_end_of_day": ("ticket {id}: still open after close of business",
                                 "工单{id}：下班前仍未销项"),
    "flag.readiness_unverified": ("{title}: reported, not verified by T-30min",
                                  "{title}：已报告，T-30分钟前未经消控核实"),
    "flag.signoff_missing": ("{day}: records not signed off by the supervisor",
                             "{day}：当日记录主管未签字"),

    # -- readiness rows, urgency order, durations, acknowledgement

    # -- header, focus and filter

    # -- confirmations: sign-off, verify, undo, approvals, stalled cases

    # -- intake form and shift handover

    # -- the booking form, move and cancel

    # -- the service notice, import and export

    # -- timeline, sparkline and reports screen
    "key.timeline": ("Timeline / list", "时间轴/列表"),
    "key.tl_earlier": ("Timeline: an hour earlier", "时间轴：前移一小时"),
    "key.tl_later": ("Timeline: an hour later", "时间轴：后移一小时"),
    "key.tl_down": ("Timeline: next venue", "时间轴：下一会场"),
    "key.tl_up": ("Timeline: previous venue", "时间轴：上一会场"),
    "key.tl_now": ("Timeline: back to now", "时间轴：回到现在"),
    "pane.timeline": ("Timeline", "时间轴"),
    "timeline.legend": ("░ preparation  │ now  ! overdue  ‹ › more", "░ 准备  │ 现在  ! 超时  ‹ › 更多"),
    "timeline.empty": ("No meetings today", "今日无会议"),
    "trend.backlog": ("backlog {days}d", "积压{days}天"),
    "trend.complaints": ("complaints {month}", "{month}投诉率"),

    # -- Chinese wording of flags, refusals and pickers
}


def detect_lang(explicit: str | None = None) -> str:
    if explicit in ("en", "zh"):
        return explicit
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


class Translator:
    def __init__(self, lang: str) -> None:
        self.lang = lang
        self._index = 1 if lang == "zh" else 0

    def __call__(self, key: str, **values: object) -> str:
        pair = STRINGS.get(key)
        text = pair[self._index] if pair else key
        return text.format(**values) if values else text
