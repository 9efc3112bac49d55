"""Platform limits and reply-size choices, as named constants.

Lengths are counted in UTF-16 code units (what Telegram and Discord count), see
``responses.text.ulen``.
"""

from __future__ import annotations

# Telegram Bot API
TELEGRAM_MESSAGE = 4096
TELEGRAM_CALLBACK_DATA_BYTES = 64
TELEGRAM_BUTTON_TEXT = 64
TELEGRAM_BUTTONS_PER_ROW = 2
TELEGRAM_ALLOWED_TAGS = frozenset(
    {"b", "i", "u", "s", "code", "pre", "a", "blockquote", "tg-spoiler"}
)

# Discord API
DISCORD_CONTENT = 2000
DISCORD_EMBED_TITLE = 256
DISCORD_EMBED_DESCRIPTION = 4096
DISCORD_FIELD_NAME = 256
DISCORD_FIELD_VALUE = 1024
DISCORD_FIELDS = 25
DISCORD_EMBEDS = 10
DISCORD_EMBED_TOTAL = 6000  # all embeds of one message together
DISCORD_FOOTER = 2048
DISCORD_BUTTONS = 25  # 5 action rows of 5
DISCORD_BUTTONS_PER_ROW = 5
DISCORD_SELECT_OPTIONS = 25
DISCORD_SELECT_PLACEHOLDER = 150
DISCORD_BUTTON_LABEL = 80
DISCORD_CUSTOM_ID = 100

# Reply shape
QUOTE_CHARS = 300  # a quote in chat is trimmed at a word boundary to about this
TITLE_CHARS = 120  # our own block titles (filenames are trimmed to fit)
SECTION_CHARS = 60  # a section heading quoted in a location line
CHAT_DETAILED_GROUPS = 8  # findings shown in full in chat; the rest are listed briefly
LONG_REPORT_FINDINGS = 8  # more findings than this: attach the Markdown report
LONG_REPORT_PAGES = 10  # more pages than this: attach the Markdown report
REPORT_FILENAME = "clausescout-report.md"
