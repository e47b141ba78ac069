"""dutyboard's front ends: the headless command line (``tui.cli``) and the Textual board
(``tui.board``). Importing this package does not import Textual."""
