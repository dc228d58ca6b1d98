-- Accounts, sessions and the audit log (DESIGN §2, §9).
-- A user has one role: leader, office, department (bound to one department) or street (bound to
-- one street); the binding is checked against the preset in code (presets are reinstalled, so
-- no foreign key). Passwords are argon2id hashes, never clear.
CREATE SEQUENCE meta.app_user_id START 1;
CREATE TABLE meta.app_user (
  id INTEGER PRIMARY KEY DEFAULT nextval('meta.app_user_id'),
  username VARCHAR NOT NULL UNIQUE,
  display_name VARCHAR NOT NULL,
  role VARCHAR NOT NULL CHECK (role IN ('leader', 'office', 'department', 'street')),
  department_id VARCHAR,
  street_code VARCHAR,
  password_hash VARCHAR NOT NULL,
  disabled BOOLEAN NOT NULL DEFAULT false,
  created_at TIMESTAMP NOT NULL,
  password_changed_at TIMESTAMP NOT NULL,
  CHECK ((role = 'department') = (department_id IS NOT NULL)),
  CHECK ((role = 'street') = (street_code IS NOT NULL))
);

-- Server-side sessions: the cookie carries a random token; only its SHA-256 is stored.
CREATE TABLE meta.session (
  token_hash VARCHAR PRIMARY KEY,
  user_id INTEGER NOT NULL,
  created_at TIMESTAMP NOT NULL,
  expires_at TIMESTAMP NOT NULL
);

-- Append-only: logins (and failed attempts), logouts, password changes, user changes, uploads,
-- publications, exports, edits of targets and weights. Nothing in the code updates or deletes it.
CREATE SEQUENCE meta.audit_id START 1;
CREATE TABLE meta.audit_log (
  id BIGINT PRIMARY KEY DEFAULT nextval('meta.audit_id'),
  logged_at TIMESTAMP NOT NULL,
  user_id INTEGER,
  username VARCHAR,
  action VARCHAR NOT NULL,
  target VARCHAR,
  detail JSON,
  ip VARCHAR
);
