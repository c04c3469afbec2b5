"""The command line: the only package that imports click, prints, or exits.

``app`` holds the group and ``main``; each ``commands_*`` module adds its commands to the group
when imported, which this module does.
"""

from . import commands_build, commands_check, commands_misc
from .app import cli, main

__all__ = ["cli", "commands_build", "commands_check", "commands_misc", "main"]
