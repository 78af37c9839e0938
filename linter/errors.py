"""Errors that reach the user as one clear line (exit status 2), never a traceback."""


class PostlintError(Exception):
    """Base class: the message is what the user sees."""


class InputError(PostlintError):
    """A draft could not be read (missing, unreadable, binary, too large)."""


class ConfigError(PostlintError):
    """The configuration file or a rule file is invalid."""


class UsageError(PostlintError):
    """The command line asks for something that does not exist (unknown rule id, format…)."""
