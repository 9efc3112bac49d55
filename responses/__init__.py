"""Everything a member reads: Report -> Reply (build, noai, texts) -> platform messages.

``blocks`` holds the platform-neutral Reply; ``telegram_format``, ``discord_format`` and
``plain_format`` render it within each platform's limits; ``report_md`` and ``terminal``
write whole reports. Nothing here imports a chat library.
"""
