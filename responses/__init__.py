"""Everything a member reads: Report -> Reply -> platform messages.

``blocks`` holds the platform-neutral Reply. Replies are built by job: ``build`` (answers
about a contract or clause, and the full report), ``noai`` (templates), ``guide`` (how to
use the bot), ``account`` (privacy, history, forget), ``feedback`` and ``status``
(progress, limits, errors). ``telegram_format``, ``discord_format``, ``plain_format`` and
``markdown_format`` render a Reply within each platform's limits. Nothing here imports a
chat library.
"""
