"""Conversations kept on the server per user (store), and an answer as a stored record (records)."""

from kb.conversations.records import answer_from_record, answer_record
from kb.conversations.store import (
    CONVERSATIONS_FILE,
    SCHEMA_VERSION,
    Conversation,
    ConversationStore,
    Listed,
    Turn,
    browser_secret,
    title_of,
)

__all__ = [
    "CONVERSATIONS_FILE",
    "SCHEMA_VERSION",
    "Conversation",
    "ConversationStore",
    "Listed",
    "Turn",
    "answer_from_record",
    "answer_record",
    "browser_secret",
    "title_of",
]
