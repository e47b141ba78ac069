"""The board as a 16-colour terminal shows it (``TERM=xterm``): Textual renders in true
colour and its driver turns each colour into the terminal's nearest with Rich's
``Color.downgrade`` (``textual.strip.Strip.render_ansi``, for the console whose colour system
``TEXTUAL_COLOR_SYSTEM`` or the terminal chose). The snapshot plugin's
``App.export_screenshot`` always records true colour, so this module gives an app a
screenshot that downgrades every segment first, as that driver would."""

from __future__ import annotations

import io
import types
from collections.abc import Iterator
from typing import Any

from rich.color import ColorSystem
from rich.console import Console, ConsoleOptions, RenderableType
from rich.segment import Segment
from rich.style import Style


def downgrade(style: Style | None, system: ColorSystem = ColorSystem.STANDARD) -> Style | None:
    if style is None:
        return None
    color = style.color.downgrade(system) if style.color else None
    bgcolor = style.bgcolor.downgrade(system) if style.bgcolor else None
    return style + Style(color=color, bgcolor=bgcolor)


class Downgraded:
    def __init__(self, inner: RenderableType, system: ColorSystem) -> None:
        self.inner, self.system = inner, system

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Segment]:
        for segment in console.render(self.inner, options):
            if segment.control:
                yield segment
            else:
                yield Segment(segment.text, downgrade(segment.style, self.system))


def at_16_colours(app: Any) -> Any:
    """``app`` whose snapshot shows what a 16-colour terminal shows."""
    def export(self: Any, title: str | None = None, simplify: bool = False) -> str:
        width, height = self.size
        console = Console(width=width, height=height, file=io.StringIO(), force_terminal=True,
                          color_system="truecolor", record=True, legacy_windows=False,
                          safe_box=False)
        render = self.screen._compositor.render_update(full=True, screen_stack=self._background_screens,
                                                       simplify=simplify)
        console.print(Downgraded(render, ColorSystem.STANDARD))
        return console.export_svg(title=title or self.title)
    app.export_screenshot = types.MethodType(export, app)
    return app
