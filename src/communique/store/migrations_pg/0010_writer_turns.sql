-- Every write transaction of a communique writer takes the next number once it holds the
-- writer lock. A writer whose new turn follows its last one directly knows that nobody wrote in
-- between, so what it read under the lock (an outlet's shared lines) still holds. A
-- transaction's own id cannot tell this: each savepoint that writes takes an id too.
CREATE SEQUENCE writer_turns;
