"""Checks on rendered messages: platform limits, valid markup, and the text a member sees."""

from __future__ import annotations

import re
import warnings
from html.parser import HTMLParser

with warnings.catch_warnings():
    # discord.py imports the stdlib ``audioop`` (voice), deprecated since Python 3.11.
    warnings.filterwarnings("ignore", "'audioop' is deprecated", DeprecationWarning)
    import discord

from responses import discord_format, plain_format, telegram_format
from responses.blocks import Reply
from responses.escape import unfang
from responses.limits import TELEGRAM_ALLOWED_TAGS
from responses.split import ulen

_ENTITY = re.compile(r"&(?:lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);")


class _TelegramHTML(HTMLParser):
    """Parses Telegram HTML strictly: allowed tags only, balanced, no stray '<' or '&'."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.text: list[str] = []
        self.errors: list[str] = []
        self.seen: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.seen.append(tag)
        if tag not in TELEGRAM_ALLOWED_TAGS:
            self.errors.append(f"tag <{tag}> not allowed")
        if attrs and tag != "a":
            self.errors.append(f"unexpected attributes on <{tag}>: {attrs}")
        self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.errors.append(f"self-closing <{tag}/>")

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"unbalanced </{tag}> (open: {self.stack})")
        else:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def telegram_visible(html_text: str) -> str:
    """Parse Telegram HTML; assert it is valid; return the text a member sees."""
    parser = _TelegramHTML()
    parser.feed(html_text)
    parser.close()
    assert not parser.errors, parser.errors
    assert not parser.stack, f"unclosed tags {parser.stack}"
    stray = _ENTITY.sub("", html_text)
    assert "&" not in stray, "raw '&' in Telegram HTML"
    assert "<" not in re.sub(r"</?[a-z-]+>", "", stray), "raw '<' in Telegram HTML"
    return unfang("".join(parser.text))


def check_telegram(reply: Reply) -> list[telegram_format.TelegramMessage]:
    messages = telegram_format.render(reply)
    assert messages, "no message"
    for message in messages:
        assert 0 < ulen(message.text) <= 4096, ulen(message.text)
        visible = telegram_visible(message.text)
        assert visible.strip(), "empty message"
        for row in message.buttons:
            assert 1 <= len(row) <= 2
            for button in row:
                assert len(button.action.encode()) <= 64
                assert button.label.strip()
    return messages


_MD_ESCAPE = re.compile(r"\\([^A-Za-z0-9\s])")


def discord_visible(markdown: str) -> str:
    """What a Discord member sees of escaped markdown (escapes and ZWSPs removed)."""
    return unfang(_MD_ESCAPE.sub(r"\1", markdown))


def check_discord(reply: Reply) -> list[discord_format.DiscordMessage]:
    messages = discord_format.render(reply)
    assert messages, "no message"
    for message in messages:
        assert ulen(message.content) <= 2000
        assert message.content or message.embeds
        assert len(message.embeds) <= 10
        assert sum(discord_format.embed_size(e) for e in message.embeds) <= 6000
        assert sum(len(discord.Embed.from_dict(e)) for e in message.embeds) <= 6000
        assert len(message.buttons) <= 25
        for button in message.buttons:
            assert 0 < len(button.label) <= 80
            assert len(button.action) <= 100
        for embed in message.embeds:
            assert ulen(embed.get("title", "")) <= 256
            assert ulen(embed.get("description", "")) <= 4096
            assert len(embed.get("fields", [])) <= 25
            assert ulen(embed.get("footer", {}).get("text", "")) <= 2048
            assert embed.get("title") or embed.get("description") or embed.get("fields")
            for fld in embed.get("fields", []):
                assert 0 < ulen(fld["name"]) <= 256
                assert 0 < ulen(fld["value"]) <= 1024
                assert fld["value"].strip()
            description = embed.get("description", "")
            assert description.count("```") % 2 == 0, "code fence split"
            for text in _embed_texts(embed):
                assert not re.search(r"(?<!\\)(?:\\\\)*\\$", text), "chunk ends in an escape"
    return messages


def _embed_texts(embed: dict) -> list[str]:
    texts = [embed.get("title", ""), embed.get("description", "")]
    for fld in embed.get("fields", []):
        texts += [fld["name"], fld["value"]]
    return texts


def discord_all_text(messages: list[discord_format.DiscordMessage]) -> str:
    parts: list[str] = []
    for message in messages:
        parts.append(discord_visible(message.content))
        for embed in message.embeds:
            parts.append(discord_visible(embed.get("title", "")))
            parts.append(discord_visible(embed.get("description", "")))
            for fld in embed.get("fields", []):  # a field shows its name above its value
                parts.append(f"{discord_visible(fld['name'])}: {discord_visible(fld['value'])}")
            parts.append(embed.get("footer", {}).get("text", ""))
    return "\n".join(parts)


def telegram_all_text(messages: list[telegram_format.TelegramMessage]) -> str:
    return "\n".join(telegram_visible(m.text) for m in messages)


def rendered_everywhere(reply: Reply) -> dict[str, str]:
    """Render on every platform, check the limits, and return what a member reads on each.

    Whitespace is collapsed (the console wraps lines), so assertions read like sentences.
    """
    texts = {
        "telegram": telegram_all_text(check_telegram(reply)),
        "discord": discord_all_text(check_discord(reply)),
        "plain": plain_format.render(reply),
    }
    return {platform: " ".join(text.split()) for platform, text in texts.items()}


def count_disclaimer(text: str) -> int:
    return text.lower().count("not legal advice")
