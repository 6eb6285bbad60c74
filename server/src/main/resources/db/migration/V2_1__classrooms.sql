-- Classrooms (issue 10, docs/server.md "Classrooms"): who teaches, who joined, the member's
-- hand-out lab, and the stage recordings. The live state (stage, keyboard, raised hands,
-- message, the handed-out snapshot) is kept in memory. Versioned 2.1 so that it sorts after
-- any V2 migration of a concurrently developed branch. Portable SQL (H2, PostgreSQL).
CREATE TABLE classrooms (
    id          VARCHAR(32)  PRIMARY KEY,
    owner_id    BIGINT       NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name        VARCHAR(80)  NOT NULL,
    join_code   VARCHAR(16)  NOT NULL UNIQUE,
    created_at  TIMESTAMP    NOT NULL,
    expires_at  TIMESTAMP,
    closed_at   TIMESTAMP
);

CREATE INDEX classrooms_by_owner ON classrooms (owner_id);

CREATE TABLE classroom_members (
    classroom_id VARCHAR(32) NOT NULL REFERENCES classrooms (id) ON DELETE CASCADE,
    user_id      BIGINT      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    joined_at    TIMESTAMP   NOT NULL,
    lab_id       VARCHAR(32),
    PRIMARY KEY (classroom_id, user_id)
);

CREATE INDEX classroom_members_by_user ON classroom_members (user_id);

CREATE TABLE classroom_recordings (
    id              VARCHAR(32) PRIMARY KEY,
    classroom_id    VARCHAR(32) NOT NULL REFERENCES classrooms (id) ON DELETE CASCADE,
    lab_id          VARCHAR(32) NOT NULL,
    started_at      TIMESTAMP   NOT NULL,
    ended_at        TIMESTAMP,
    duration_millis BIGINT,
    bytes           BIGINT
);

CREATE INDEX classroom_recordings_by_classroom ON classroom_recordings (classroom_id);
