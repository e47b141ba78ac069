"""Every visible string of the board, in English and Chinese.

The language comes from ``--lang`` or the locale (``LANG``/``LC_ALL`` starting with zh).
"""

from __future__ import annotations

import os

STRINGS: dict[str, tuple[str, str]] = {
    "app.title": ("dutyboard", "值班看板"),
    "pane.venues": ("Venues today", "今日会场"),
    "pane.tasks": ("Department countdowns", "部门倒计时"),
    "pane.tickets": ("Open tickets", "待办工单"),
    "pane.escalations": ("Escalations", "升级与告警"),
    "col.venue": ("Venue", "会场"),
    "col.time": ("Time", "时间"),
    "col.title": ("Meeting", "会议"),
    "col.class": ("Cl", "类"),
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
    "col.kind": ("Kind", "类型"),
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
    "due": ("due", "到期"),
    "all": ("all", "全部"),
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
    "hdr.filter": ("filter", "筛选"),
    "hdr.readonly": ("read-only", "只读"),
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
    "key.pane": ("Pane", "切换窗格"),
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
    "msg.saved": ("Saved", "已保存"),
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
    "none": ("(nothing)", "（无）"),
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

    def __call__(self, key: str) -> str:
        pair = STRINGS.get(key)
        return pair[self._index] if pair else key
