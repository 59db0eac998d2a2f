-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema v1 of crosstalk.sqlite. Documented in docs/store.md. Times are milliseconds since
-- the Unix epoch, UTC. No table ever holds a password or other secret.

CREATE TABLE accounts (
    id          INTEGER PRIMARY KEY,
    protocol    TEXT NOT NULL,              -- libpurple prpl id, e.g. 'prpl-jabber'
    username    TEXT NOT NULL,              -- full protocol username
    alias       TEXT NOT NULL DEFAULT '',
    settings    TEXT NOT NULL DEFAULT '{}', -- JSON object of protocol options (never secrets)
    enabled     INTEGER NOT NULL DEFAULT 1,
    created_at  INTEGER NOT NULL,
    UNIQUE (protocol, username)
);

-- The merged contact. Every buddy belongs to exactly one person.
CREATE TABLE people (
    id            INTEGER PRIMARY KEY,
    display_name  TEXT NOT NULL DEFAULT '',
    avatar_hash   TEXT,
    pinned        INTEGER NOT NULL DEFAULT 0,
    hidden        INTEGER NOT NULL DEFAULT 0,
    notes         TEXT NOT NULL DEFAULT '',
    created_at    INTEGER NOT NULL
);

CREATE TABLE buddies (
    id             INTEGER PRIMARY KEY,
    account_id     INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    handle         TEXT NOT NULL,             -- normalized protocol name
    alias          TEXT NOT NULL DEFAULT '',  -- our local alias
    server_alias   TEXT NOT NULL DEFAULT '',  -- the name the buddy gave themselves
    group_name     TEXT NOT NULL DEFAULT '',
    avatar_hash    TEXT,
    presence       INTEGER NOT NULL DEFAULT 0, -- PresenceKind, last known
    status_text    TEXT NOT NULL DEFAULT '',
    voice_capable  INTEGER NOT NULL DEFAULT 0,
    on_list        INTEGER NOT NULL DEFAULT 1, -- 0: only known from a conversation
    updated_at     INTEGER NOT NULL,
    UNIQUE (account_id, handle)
);

CREATE TABLE person_members (
    buddy_id   INTEGER PRIMARY KEY REFERENCES buddies(id) ON DELETE CASCADE,
    person_id  INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    origin     INTEGER NOT NULL DEFAULT 0      -- 0 automatic, 1 manual, 2 imported
);
CREATE INDEX person_members_by_person ON person_members(person_id);

-- Answers to merge suggestions, so that a rejected suggestion never comes back.
CREATE TABLE merge_decisions (
    buddy_a     INTEGER NOT NULL REFERENCES buddies(id) ON DELETE CASCADE,
    buddy_b     INTEGER NOT NULL REFERENCES buddies(id) ON DELETE CASCADE,
    decision    INTEGER NOT NULL CHECK (decision IN (1, 2)), -- 1 accepted, 2 rejected
    decided_at  INTEGER NOT NULL,
    PRIMARY KEY (buddy_a, buddy_b),
    CHECK (buddy_a < buddy_b)
) WITHOUT ROWID;

CREATE TABLE conversations (
    id               INTEGER PRIMARY KEY,
    account_id       INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    kind             INTEGER NOT NULL,         -- 0 one-to-one, 1 group chat
    peer             TEXT NOT NULL,            -- buddy handle or room name
    buddy_id         INTEGER REFERENCES buddies(id) ON DELETE SET NULL,
    last_message_at  INTEGER,
    UNIQUE (account_id, kind, peer)
);
CREATE INDEX conversations_by_buddy ON conversations(buddy_id);

-- A message id is time-ordered: sent_at * 1000 plus a sequence within the millisecond.
-- Keyset paging and newest-first search then run on the primary key alone.
CREATE TABLE messages (
    id               INTEGER PRIMARY KEY,
    conversation_id  INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    direction        INTEGER NOT NULL,          -- 0 incoming, 1 outgoing
    sender           TEXT NOT NULL DEFAULT '',
    sent_at          INTEGER NOT NULL,
    received_at      INTEGER NOT NULL,
    body             TEXT NOT NULL,             -- as received (HTML), rendered only via the sanitizer
    plain            TEXT,                      -- the searched text; NULL when it equals body
    state            INTEGER NOT NULL,          -- 0 received, 1 pending, 2 sent, 3 delivered, 4 failed
    protocol_id      TEXT,                      -- de-duplication key within the conversation
    flags            INTEGER NOT NULL DEFAULT 0 -- 1 delayed, 2 auto-reply, 4 imported
);
CREATE INDEX messages_by_conversation ON messages(conversation_id, id);
CREATE UNIQUE INDEX messages_dedup ON messages(conversation_id, protocol_id)
    WHERE protocol_id IS NOT NULL;
CREATE INDEX messages_pending ON messages(state) WHERE state = 1;

-- What is searched: the plain text, stored only when it differs from the body.
CREATE VIEW messages_text(id, plain) AS SELECT id, coalesce(plain, body) FROM messages;

-- Ranked newest first by rowid, never by bm25: no per-document size table (columnsize=0).
CREATE VIRTUAL TABLE messages_fts USING fts5(
    plain,
    content = 'messages_text',
    content_rowid = 'id',
    columnsize = 0,
    tokenize = 'unicode61 remove_diacritics 2'
);

-- Messages waiting to be added to messages_fts. Each live message is its own transaction, and
-- FTS5 flushes a new index segment on every commit; indexing in batches (by the writer when it
-- is idle, at most ~100 ms behind, and within each import batch) keeps inserts fast. A crash
-- leaves the rows here and they are indexed after the next start.
CREATE TABLE fts_pending (
    id  INTEGER PRIMARY KEY
);

-- Keep the external-content index consistent for rows already indexed.
CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
    INSERT INTO messages_fts(messages_fts, rowid, plain)
        SELECT 'delete', old.id, coalesce(old.plain, old.body)
        WHERE NOT EXISTS (SELECT 1 FROM fts_pending WHERE id = old.id);
    DELETE FROM fts_pending WHERE id = old.id;
END;
CREATE TRIGGER messages_fts_update AFTER UPDATE OF plain, body ON messages
    WHEN NOT EXISTS (SELECT 1 FROM fts_pending WHERE id = old.id) BEGIN
    INSERT INTO messages_fts(messages_fts, rowid, plain) VALUES ('delete', old.id, coalesce(old.plain, old.body));
    INSERT INTO messages_fts(rowid, plain) VALUES (new.id, coalesce(new.plain, new.body));
END;

CREATE TABLE calls (
    id           INTEGER PRIMARY KEY,
    person_id    INTEGER REFERENCES people(id) ON DELETE SET NULL,
    account_id   INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    buddy_id     INTEGER REFERENCES buddies(id) ON DELETE SET NULL,
    direction    INTEGER NOT NULL,              -- 0 incoming, 1 outgoing
    started_at   INTEGER NOT NULL,
    answered_at  INTEGER,
    ended_at     INTEGER,
    outcome      INTEGER NOT NULL DEFAULT 0,    -- 0 ongoing, 1 completed, 2 missed, 3 declined, 4 failed, 5 cancelled
    stats        TEXT NOT NULL DEFAULT '{}'     -- JSON: codec, packet loss, jitter, round trip
);
CREATE INDEX calls_by_person ON calls(person_id, started_at);
