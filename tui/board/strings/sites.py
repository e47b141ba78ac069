"""Many buildings: the manager's overview screen (``O``) and switching a board's site."""

from __future__ import annotations

SITES: dict[str, tuple[str, str]] = {
    "key.overview": ("Overview of every site", "各楼宇总览"),
    "key.overview_open": ("Open this site's board", "打开该楼宇看板"),
    "key.overview_close": ("Close the overview", "关闭总览"),
    "ov.title": ("Sites: what needs attention now", "各楼宇：当前待办"),
    "ov.hint": ("Enter opens a site's board. Counts follow every change.",
                "回车打开该楼宇看板。数字随变更实时刷新。"),
    "ov.col.site": ("Site", "楼宇"),
    "ov.col.code": ("Code", "代码"),
    "ov.col.overdue": ("Overdue", "超时"),
    "ov.col.unverified": ("Unverified", "待核实"),
    "ov.col.open": ("Open tickets", "在办工单"),
    "ov.col.emergencies": ("Emergencies", "紧急"),
    "ov.current": ("(this board)", "（本看板）"),
    "ov.not_for_you": ("The overview is for people of several sites and the manager",
                       "总览仅供多个楼宇的人员及经理使用"),
    "ov.loading": ("Counting…", "统计中…"),
    "ov.switched": ("Now showing {site}", "现在显示：{site}"),
}
